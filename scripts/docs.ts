// Regenerates the reference docs from their sources (a test fails when they are stale).
import { writeFileSync } from 'node:fs';
import { formsReference } from '../src/forms/reference.ts';
import { loadScheme } from '../src/scheme/load.ts';
import { scoringReference } from '../src/score/reference.ts';
import { databaseReference } from '../src/store/reference.ts';

writeFileSync('docs/forms.md', formsReference(loadScheme().scheme));
writeFileSync('docs/database.md', databaseReference());
writeFileSync('docs/scoring.md', scoringReference());
console.log('已更新 docs/forms.md、docs/database.md 和 docs/scoring.md');
