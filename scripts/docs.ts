// Regenerates docs/forms.md from the form layout (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { formsReference } from '../src/forms/reference.ts';
import { loadScheme } from '../src/scheme/load.ts';

writeFileSync('docs/forms.md', formsReference(loadScheme().scheme));
console.log('已更新 docs/forms.md');
