// The faces an official document (GB/T 9704) asks for, one stack per role: the official fonts
// first, under every name Windows and Founder give them (a user who copies them into the fonts
// folder gets them with no change to a template), then an open TrueType stand-in the set-up
// installs, then WenQuanYi Zen Hei for any character the others lack — before any generic
// family, which may resolve to a CFF font (Noto CJK) that Chromium embeds as Type 3.

/** The family print-font.ts gives WenQuanYi Zen Hei cut down to GB 2312 (the fast path for it). */
export const PRINT_FONT_FAMILY = 'PingYi Print Sans';

/** The folder beside the input folder where the office puts the official fonts. */
export const FONTS_FOLDER = 'fonts';

export type FontRole = 'title' | 'body' | 'kai' | 'hei' | 'number';

export interface RoleFonts {
  /** What GB/T 9704 asks for, in words. */
  face: string;
  /** The official fonts' family names, as fontconfig matches them. */
  official: string[];
  /** Open TrueType faces, installed by the set-up (Debian packages named in the README). */
  standIns: string[];
}

// Measured (Chromium 156, Debian 12): every open 仿宋 is either CFF (FandolFang: Type 3) or lacks a
// third of GB 2312 (cwTeXFangSong), so the body falls to the 宋 stand-in; the title takes the
// heavy 黑 stand-in so that title and body stay distinct. Faces without a bold are never set
// bold (style.css: font-synthesis none): a synthetic bold is drawn as a Type 3 font.
export const FONT_ROLES: Record<FontRole, RoleFonts> = {
  title: {
    face: '方正小标宋简体',
    official: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'FZ XiaoBiaoSong-B05S', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05'],
    standIns: [PRINT_FONT_FAMILY, 'WenQuanYi Zen Hei'],
  },
  body: {
    face: '仿宋_GB2312',
    official: ['仿宋_GB2312', 'FangSong_GB2312', '仿宋', 'FangSong', '方正仿宋简体', 'FZFangSong-Z02S'],
    standIns: ['AR PL SungtiL GB'],
  },
  kai: {
    face: '楷体_GB2312',
    official: ['楷体_GB2312', 'KaiTi_GB2312', '楷体', 'KaiTi', '方正楷体简体', 'FZKai-Z03S'],
    standIns: ['AR PL KaitiM GB'],
  },
  hei: {
    face: '黑体',
    official: ['黑体', 'SimHei', '方正黑体简体', 'FZHei-B01S'],
    standIns: [PRINT_FONT_FAMILY, 'WenQuanYi Zen Hei'],
  },
  number: {
    face: '宋体',
    official: ['宋体', 'SimSun', '方正书宋简体', 'FZShuSong-Z01S'],
    standIns: ['AR PL SungtiL GB'],
  },
};

/** Where every stack ends: the full-coverage TrueType font, its fast GB 2312 cut first. */
const LAST_RESORT = [PRINT_FONT_FAMILY, 'WenQuanYi Zen Hei'];

/** A role's CSS font-family value. */
export function fontStack(role: FontRole): string {
  const { official, standIns } = FONT_ROLES[role];
  const families = [...new Set([...official, ...standIns, ...LAST_RESORT])];
  return [...families.map((f) => `"${f}"`), role === 'hei' ? 'sans-serif' : 'serif'].join(', ');
}

/** The stacks as CSS custom properties (--font-title, --font-body, …) for the templates' style sheet. */
export function fontRoleStyles(): string {
  const roles = Object.keys(FONT_ROLES) as FontRole[];
  return `:root { ${roles.map((r) => `--font-${r}: ${fontStack(r)};`).join(' ')} }\n`;
}
