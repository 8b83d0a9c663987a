/** Permission ids, declared once and referenced by the manifest test, the route table and the guard. */
export const Permissions = {
  view: 'rindegastos.view',
  post: 'rindegastos.post',
  configure: 'rindegastos.configure',
  token: 'rindegastos.token',
  permissions: 'rindegastos.permissions',
} as const;

export type PermissionId = (typeof Permissions)[keyof typeof Permissions];

export const ALL_PERMISSIONS: readonly PermissionId[] = Object.values(Permissions);

export function isPermissionId(value: string): value is PermissionId {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}
