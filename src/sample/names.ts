// Plausible Chinese personal names: common surnames weighted by frequency, given
// names from characters typical of people born between the 1950s and the 1980s.
import type { Random } from './random.ts';

const SURNAMES =
  '王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤熊涂熊胡万';
const MALE = '伟强军华建国明志平辉文斌勇杰涛超鹏亮刚峰波宇浩俊磊新春林海东晓光荣庆松宏德民振良兵忠凯瑞祥立飞';
const FEMALE = '芳娟敏静丽艳霞燕红玲萍华英秀兰梅琴云莉娜婷雪琳慧颖晶丹倩洁佳欣蓉凤雯茜瑶';
/** Characters a careless typist swaps for a same-sounding one. */
const SWAPS: Record<string, string> = {
  静: '净',
  明: '鸣',
  华: '桦',
  丽: '莉',
  伟: '玮',
  军: '君',
  红: '宏',
  芳: '方',
  平: '萍',
  林: '琳',
  敏: '民',
  杰: '洁',
  强: '墙',
  玲: '铃',
  燕: '艳',
  国: '果',
  辉: '晖',
  霞: '夏',
  峰: '锋',
  涛: '滔',
  婷: '亭',
  娟: '鹃',
  琴: '芹',
  云: '芸',
  萍: '苹',
  梅: '玫',
  兰: '岚',
  勇: '永',
  斌: '彬',
  波: '博',
};
export const HOMOPHONES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(SWAPS).map(([a, b]) => [b, a])),
  ...SWAPS,
};

export function personName(rng: Random, sex: '男' | '女'): string {
  const chars = sex === '男' ? MALE : FEMALE;
  const surname = rng.pick([...SURNAMES]);
  const given = rng.chance(0.7) ? rng.pick([...chars]) + rng.pick([...chars]) : rng.pick([...chars]);
  return surname + given;
}

/** The same name with one character replaced by a homophone, as a typist would. */
export function misspell(name: string): string {
  const chars = [...name];
  for (let i = chars.length - 1; i > 0; i--) {
    const swap = HOMOPHONES[chars[i]!];
    if (swap) {
      chars[i] = swap;
      return chars.join('');
    }
  }
  chars[chars.length - 1] = chars[chars.length - 1] === '文' ? '雯' : '文';
  return chars.join('');
}
