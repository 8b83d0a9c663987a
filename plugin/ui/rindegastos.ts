/** The plugin's screens (custom elements named in manifest.json), bundled into dist/ui/rindegastos.js. */
import './InformesScreen';
import './TokenScreen';
import './GeneralScreen';
import './CentralizacionScreen';
import './PermisosScreen';
