import { IsIn, IsOptional, Matches } from 'class-validator';
import { Permissions } from '../permissions/permissions';
import { honorariosBookCsv } from '../reports/HonorariosBook';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

export class HonorariosBookQueryDto {
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month debe ser un mes AAAA-MM, p. ej. 2025-06' })
  month!: string;
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format debe ser "json" o "csv"' }) format?: 'json' | 'csv';
}

/** Libros: the monthly Libro de honorarios from posted vouchers (JSON, or CSV for the DJ 1879). */
export function bookRoutes({ honorariosBook }: RouteServices): RouteSpec[] {
  return [
    route<HonorariosBookQueryDto>({
      id: 'books.honorarios',
      method: 'GET',
      path: '/books/honorarios',
      permission: Permissions.view,
      query: HonorariosBookQueryDto,
      async handle({ context, query }) {
        const book = await honorariosBook.book(context.companyId, query.month);
        if (query.format !== 'csv') return { body: book };
        return {
          body: honorariosBookCsv(book),
          contentType: 'text/csv; charset=utf-8',
          fileName: `libro-honorarios-${query.month}.csv`,
        };
      },
    }),
  ];
}
