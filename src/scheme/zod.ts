// zod as CommonJS. Its ES build is some ninety modules, each a round trip to the TypeScript
// loader's thread when pingyi starts, which cost every run ~0.1 s of CPU (issue #21); its
// CommonJS build, the same code, is loaded without the loader. Import `z` from here, not from 'zod'.
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

export const z = (createRequire(import.meta.url)('zod') as typeof Zod).z;

/** The types that are used through `z.` as well (`z.output<typeof schema>`). */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace z {
  export type output<T> = Zod.z.output<T>;
}
