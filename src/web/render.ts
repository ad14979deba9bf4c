import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const here = path.dirname(fileURLToPath(import.meta.url));
export const GOVUK_DIST = path.resolve(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend')), '..');
export const VIEWS_DIR = path.join(here, 'views');
export const ASSETS_DIR = path.join(here, 'assets');

export interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

/** Top-level sections. A section appears here once its pages exist. */
const SECTIONS: ReadonlyArray<{ href: string; text: string }> = [{ href: '/', text: 'Home' }];

export function navigation(currentPath: string): NavItem[] {
  return SECTIONS.map((s) => ({
    ...s,
    active: s.href === '/' ? currentPath === '/' : currentPath === s.href || currentPath.startsWith(`${s.href}/`),
  }));
}

export function createRenderer(): (template: string, context: Record<string, unknown>) => string {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  return (template, context) => env.render(template, context);
}
