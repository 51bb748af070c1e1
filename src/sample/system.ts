// A plausible district education system: the bureau office's branch, schools and
// kindergartens (one 党总支 with two 党支部) in three 片区, members with ages, posts and statuses.
import type { Member, Org, Roster, Sanction } from '../contract/roster.ts';
import { personName } from './names.ts';
import { Random } from './random.ts';

export interface OrgPlan {
  orgId: string;
  name: string;
  level: '党总支' | '党支部';
  type: string;
  parentId?: string;
  /** 片区; the bureau office belongs to none. */
  region?: string;
  /** Members directly in this organization. */
  size: number;
  /** Share of women among staff: higher in primary schools and kindergartens. */
  women: number;
}

const PLAN: OrgPlan[] = [
  { orgId: 'J01', name: '东湖区教科体局机关党支部', level: '党支部', type: '机关', size: 22, women: 0.45 },
  { orgId: 'Z01', name: '东湖区育才中学党总支', level: '党总支', type: '中学', region: '城东片', size: 0, women: 0.55 },
  {
    orgId: 'Z01A',
    name: '东湖区育才中学初中部党支部',
    level: '党支部',
    type: '中学',
    parentId: 'Z01',
    region: '城东片',
    size: 24,
    women: 0.6,
  },
  {
    orgId: 'Z01B',
    name: '东湖区育才中学高中部党支部',
    level: '党支部',
    type: '中学',
    parentId: 'Z01',
    region: '城东片',
    size: 27,
    women: 0.5,
  },
  {
    orgId: 'Z02',
    name: '东湖区城东中学党支部',
    level: '党支部',
    type: '中学',
    region: '城东片',
    size: 21,
    women: 0.55,
  },
  {
    orgId: 'Z03',
    name: '东湖区青云九年一贯制学校党支部',
    level: '党支部',
    type: '九年一贯制学校',
    region: '城西片',
    size: 18,
    women: 0.62,
  },
  {
    orgId: 'X01',
    name: '东湖区实验小学党支部',
    level: '党支部',
    type: '小学',
    region: '城东片',
    size: 20,
    women: 0.78,
  },
  { orgId: 'X02', name: '东湖区光明小学党支部', level: '党支部', type: '小学', region: '城西片', size: 15, women: 0.8 },
  {
    orgId: 'X03',
    name: '东湖区百花洲小学党支部',
    level: '党支部',
    type: '小学',
    region: '城西片',
    size: 16,
    women: 0.8,
  },
  {
    orgId: 'X04',
    name: '东湖区滨江小学党支部',
    level: '党支部',
    type: '小学',
    region: '滨江片',
    size: 13,
    women: 0.82,
  },
  {
    orgId: 'X05',
    name: '东湖区豫章路小学党支部',
    level: '党支部',
    type: '小学',
    region: '城西片',
    size: 14,
    women: 0.8,
  },
  {
    orgId: 'Y01',
    name: '东湖区红星幼儿园党支部',
    level: '党支部',
    type: '幼儿园',
    region: '城东片',
    size: 9,
    women: 0.95,
  },
  {
    orgId: 'Y02',
    name: '东湖区启明幼儿园党支部',
    level: '党支部',
    type: '幼儿园',
    region: '滨江片',
    size: 8,
    women: 0.95,
  },
  {
    orgId: 'V01',
    name: '东湖区职业技术学校党支部',
    level: '党支部',
    type: '职业学校',
    region: '滨江片',
    size: 19,
    women: 0.5,
  },
];

const SYNTHETIC_TYPES: { type: string; suffix: string; women: number; weight: number }[] = [
  { type: '小学', suffix: '小学', women: 0.8, weight: 5 },
  { type: '中学', suffix: '中学', women: 0.55, weight: 3 },
  { type: '幼儿园', suffix: '幼儿园', women: 0.95, weight: 2 },
  { type: '九年一贯制学校', suffix: '九年一贯制学校', women: 0.62, weight: 1 },
  { type: '职业学校', suffix: '职业技术学校', women: 0.5, weight: 1 },
];

/** Organizations per 片区 in synthetic systems: a province of 6000 has 120. */
const SYNTHETIC_REGION_SIZE = 50;

/**
 * A system of any size for benchmarks: one bureau office branch, then schools and
 * kindergartens in a fixed mix and in 片区 of SYNTHETIC_REGION_SIZE, about `members` members
 * in all (sizes vary ±40%).
 */
export function syntheticPlan(rng: Random, orgs: number, members: number): OrgPlan[] {
  const mean = members / orgs;
  const bag = SYNTHETIC_TYPES.flatMap((t) => Array.from({ length: t.weight }, () => t));
  return Array.from({ length: orgs }, (_, i) => {
    const size = Math.max(5, Math.round(mean * (0.6 + 0.8 * rng.next())));
    if (i === 0) return { orgId: 'J001', name: '教育局机关党支部', level: '党支部', type: '机关', size, women: 0.45 };
    const t = bag[i % bag.length]!;
    const no = String(i).padStart(4, '0');
    const region = `第${Math.floor((i - 1) / SYNTHETIC_REGION_SIZE) + 1}片区`;
    return {
      orgId: `S${no}`,
      name: `第${i}${t.suffix}党支部`,
      level: '党支部',
      type: t.type,
      region,
      size,
      women: t.women,
    };
  });
}

const POSTS: Record<string, string[]> = {
  机关: ['科员', '科员', '副科长', '科长', '办公室主任', '教研员', '督学', '会计'],
  中学: [
    '语文教师',
    '数学教师',
    '英语教师',
    '物理教师',
    '化学教师',
    '历史教师',
    '政治教师',
    '班主任',
    '教研组长',
    '年级组长',
    '教务处副主任',
  ],
  九年一贯制学校: ['语文教师', '数学教师', '英语教师', '科学教师', '班主任', '教研组长', '德育处主任'],
  小学: ['语文教师', '数学教师', '英语教师', '音乐教师', '体育教师', '美术教师', '班主任', '教研组长', '大队辅导员'],
  幼儿园: ['幼儿教师', '幼儿教师', '保健医生', '教研组长', '保教主任'],
  职业学校: ['专业课教师', '文化课教师', '实训指导教师', '班主任', '招生就业处主任', '教研组长'],
};

const HEAD_POST: Record<string, string> = {
  机关: '局党委委员、办公室主任',
  幼儿园: '园长',
};

export interface SampleSystem {
  roster: Roster;
  /** Latent quality of each organization and member, driving believable scores. */
  orgQuality: Map<string, number>;
  memberQuality: Map<string, number>;
}

export function makeSystem(rng: Random, plans: OrgPlan[] = PLAN): SampleSystem {
  const orgs: Org[] = [];
  const members: Member[] = [];
  const orgQuality = new Map<string, number>();
  const memberQuality = new Map<string, number>();

  for (const plan of plans) {
    orgQuality.set(plan.orgId, rng.normal(0, 1));
    const people: Member[] = [];
    for (let i = 1; i <= plan.size; i++) {
      const sex = rng.chance(plan.women) ? '女' : '男';
      // Ages on 2011-06-30 from about 24 to 58, a third of them under 35.
      const birthYear = rng.chance(0.32) ? rng.int(1977, 1987) : rng.int(1953, 1976);
      const birthDate = new Date(Date.UTC(birthYear, rng.int(0, 11), rng.int(1, 28)));
      const probationary = birthYear >= 1980 && rng.chance(0.22);
      const joinDate = probationary
        ? new Date(Date.UTC(2010, rng.int(6, 11), rng.int(1, 28)))
        : new Date(Date.UTC(Math.min(2009, birthYear + rng.int(20, 32)), rng.int(0, 11), rng.pick([1, 1, 15, 28])));
      const post = i === 1 ? (HEAD_POST[plan.type] ?? '校长') : rng.pick(POSTS[plan.type] ?? POSTS['中学']!);
      people.push({
        memberId: `${plan.orgId}-${String(i).padStart(3, '0')}`,
        name: personName(rng, sex),
        sex,
        birthDate,
        joinDate,
        status: probationary ? 'probationary' : 'full',
        orgId: plan.orgId,
        post: i === 1 ? `党支部书记、${post}` : i === 2 ? `组织委员、${post}` : post,
        partyWorker: i <= 2,
      });
    }
    uniqueNames(people, rng);
    for (const m of people) memberQuality.set(m.memberId, rng.normal(0, 1));
    members.push(...people);
    orgs.push({
      orgId: plan.orgId,
      name: plan.name,
      level: plan.level,
      type: plan.type,
      parentId: plan.parentId ?? null,
      secretary: people[0]?.name ?? null,
      ...sampleContacts(plan.orgId, people[1]?.name ?? null),
      region: plan.region ?? null,
    });
  }
  // The 党总支's secretary is its first branch's secretary, as is common.
  const general = orgs.find((o) => o.level === '党总支');
  const first = general && orgs.find((o) => o.parentId === general.orgId);
  if (general && first) {
    general.secretary = first.secretary;
    general.secretaryPhone = first.secretaryPhone;
    general.secretaryEmail = first.secretaryEmail;
  }

  const sanctioned = rng.pick(members.filter((m) => m.status === 'full' && !m.partyWorker));
  memberQuality.set(sanctioned.memberId, -1.5);
  const sanctions: Sanction[] = [
    {
      memberId: sanctioned.memberId,
      period: '2011H1',
      sanction: '警告',
      date: new Date(Date.UTC(2011, 3, 18)),
      note: '违反规定有偿补课，经查属实',
    },
  ];
  return { roster: { orgs, members, sanctions }, orgQuality, memberQuality };
}

/** Organizations whose roster row has no e-mail: the sample shows what `send` does about them. */
const WITHOUT_EMAIL = new Set(['Y02']);

/**
 * Phones and e-mail addresses, plainly fake (example.org is reserved for examples). Drawn from a
 * generator of their own, seeded by the organization's code, so the rest of the sample does not
 * move when they change.
 */
function sampleContacts(orgId: string, contact: string | null) {
  const rng = new Random([...orgId].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0, 2166136261));
  const id = orgId.toLowerCase();
  const email = !WITHOUT_EMAIL.has(orgId);
  return {
    secretaryPhone: `13${rng.int(5, 9)}${String(rng.int(0, 99999999)).padStart(8, '0')}`,
    secretaryEmail: email ? `shuji.${id}@example.org` : null,
    contact,
    contactPhone: contact ? `0791-86${String(rng.int(0, 999999)).padStart(6, '0')}` : null,
    contactEmail: email && contact ? `lianluo.${id}@example.org` : null,
  };
}

/** Two people with one name in one branch happen, but would confuse every reader of the sample. */
function uniqueNames(people: Member[], rng: Random): void {
  const seen = new Set<string>();
  for (const m of people) {
    while (seen.has(m.name)) m.name = personName(rng, m.sex ?? '女');
    seen.add(m.name);
  }
}
