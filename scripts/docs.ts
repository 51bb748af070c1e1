// Regenerates the reference docs from their sources (a test fails when they are stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { formsReference } from '../src/forms/reference.ts';
import { loadScheme } from '../src/scheme/load.ts';
import { scoringReference } from '../src/score/reference.ts';
import { databaseReference } from '../src/store/reference.ts';
import { readSourceTree, withImportPicture } from './architecture.ts';

writeFileSync('docs/forms.md', formsReference(loadScheme().scheme));
writeFileSync('docs/database.md', databaseReference());
writeFileSync('docs/scoring.md', scoringReference());
writeFileSync(
  'docs/architecture.md',
  withImportPicture(readFileSync('docs/architecture.md', 'utf8'), readSourceTree()),
);
console.log('已更新 docs/forms.md、docs/database.md、docs/scoring.md 和 docs/architecture.md 中的导入关系图');
