#!/usr/bin/env node
// Runs before `npm start` and `npm test` on a fresh clone: checks Node, installs the npm
// packages when they are missing or older than package-lock.json (all that `--npm-only`
// does, before the other npm scripts), and the system packages
// the reports need (Chromium, a TrueType CJK font, poppler for the tests). Uses nothing
// outside Node itself, because it runs before any package is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`pingyi 需要 Node.js 20.19 或更新版本（当前 ${process.versions.node}）。请先升级 Node.js。`);
  process.exit(1);
}

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
if (stale) {
  console.log('正在安装 npm 依赖（npm ci）…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm 依赖安装失败。请检查网络能否访问 npm 源，然后在项目根目录运行：npm ci');
    process.exit(1);
  }
}

// Typecheck, lint, docs and sample need only the npm packages.
if (process.argv.includes('--npm-only')) process.exit(0);

// Debian packages: Chromium's headless shell prints the PDFs (faster than the full browser,
// src/pdf/browser.ts says how much; a full Chromium already installed prints too, so without
// root its absence is only a hint); WenQuanYi Zen Hei is a TrueType CJK font that
// Chromium embeds as CID TrueType subsets (Noto CJK's OTF collections become Type 3 fonts,
// twice as slow and four times as large); AR PL SungtiL GB (宋) and AR PL KaitiM GB (楷) stand
// in for the official 公文 fonts (docs/documents.md), TrueType too; poppler-utils lets the
// tests read the PDFs back, and openssl makes the STARTTLS test's throwaway certificate.
const SYSTEM = [
  {
    pkg: 'chromium-headless-shell',
    present: () =>
      existsSync('/usr/bin/chromium-headless-shell') ||
      !!process.env.PINGYI_CHROMIUM ||
      !!process.env.PUPPETEER_EXECUTABLE_PATH,
    // The other browsers src/pdf/browser.ts would print with.
    enough: () =>
      [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome-stable',
        '/usr/bin/google-chrome',
      ].some(existsSync),
  },
  { pkg: 'fonts-wqy-zenhei', present: () => existsSync('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc') },
  {
    pkg: 'fonts-arphic-gbsn00lp',
    present: () => existsSync('/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf'),
  },
  {
    pkg: 'fonts-arphic-gkai00mp',
    present: () => existsSync('/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf'),
  },
  { pkg: 'poppler-utils', present: () => existsSync('/usr/bin/pdftotext') },
  { pkg: 'openssl', present: () => existsSync('/usr/bin/openssl') },
];
const absent = SYSTEM.filter((s) => !s.present());
const missing = absent.map((s) => s.pkg);
if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const root = process.getuid?.() === 0;
  const debian = existsSync('/etc/debian_version') && readdirSync('/usr/bin').includes('apt-get');
  if (root && debian) {
    console.log(`正在安装系统软件包：${missing.join(' ')}…`);
    const r = spawnSync('sh', ['-c', command], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    // Offline, or a mirror without the package: a browser already installed still prints.
    if (r.status !== 0 && absent.every((s) => s.enough?.())) {
      console.warn(`系统软件包安装失败，已安装的浏览器仍可生成 PDF（安装 ${missing.join(' ')} 后更快）：${command}`);
    } else if (r.status !== 0) {
      console.error(`系统软件包安装失败，请手动运行：${command}`);
      process.exit(1);
    }
  } else if (absent.every((s) => s.enough?.())) {
    console.warn(`建议安装 ${missing.join(' ')}（生成 PDF 更快）。请以 root 身份运行：\n  ${command}`);
  } else {
    console.error(`缺少生成 PDF 报告所需的系统软件包：${missing.join(' ')}。请以 root 身份运行：\n  ${command}`);
    process.exit(1);
  }
}
