// Handlebars for the documents' and the mails' templates, loaded when first used (not by a build
// whose outputs are all unchanged), from its one-file minified build: the same code and version as
// the package's main of twenty-odd files, 25 ms to load against 80 under the TypeScript loader,
// which reads every CommonJS file before Node compiles it.
import { createRequire } from 'node:module';
import type HandlebarsModule from 'handlebars';

let loaded: typeof HandlebarsModule | undefined;

export const handlebars = () =>
  (loaded ??= createRequire(import.meta.url)('handlebars/dist/handlebars.min.js') as typeof HandlebarsModule);
