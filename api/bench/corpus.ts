// Realistic Chinese text for the benchmark data set (issue 6): per top-level category, title and
// content templates in the register of real letters to a people's congress, plus the mix of
// categories, purposes and places. Pure data and string assembly; every choice takes a number
// from the caller's deterministic random stream, so a petition's text depends only on its seed.

export type Rand = () => number; // a uniform number in [0, 1)

export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Weighted choice over [value, weight] pairs. */
export function weighted<T>(r: Rand, pairs: ReadonlyArray<readonly [T, number]>): T {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of pairs) if ((x -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
}

export const DISTRICTS = ['东城区', '西城区', '朝阳区', '海淀区', '丰台区', '石景山区', '门头沟区', '房山区', '通州区', '顺义区', '昌平区', '大兴区', '怀柔区', '平谷区', '密云区', '延庆区'];
const STREETS = ['和平里街道', '建国门街道', '月坛街道', '望京街道', '中关村街道', '卢沟桥街道', '八角街道', '城关街道', '永顺镇', '胜利街道', '回龙观镇', '黄村镇', '泉河街道', '兴谷街道', '鼓楼街道', '香水园街道'];
const ESTATES = ['幸福家园', '阳光小区', '和谐雅苑', '锦绣花园', '滨河小区', '翠湖新村', '康居小区', '金色家园', '团结湖北里', '光明里'];
const VILLAGES = ['大辛庄村', '西营村', '李家坟村', '马坊村', '东沙各庄村', '下营村', '北务村', '南石渠村'];
const COMPANIES = ['某建筑劳务有限公司', '某物业服务有限公司', '某房地产开发有限公司', '某商贸有限公司', '某科技发展有限公司', '某建材有限公司', '某餐饮管理有限公司', '某运输有限公司', '某投资管理有限公司', '某教育培训学校'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '建国 秀英 桂兰 玉兰 志强 淑珍 海燕 建华 德明 丽华 国庆 春梅 立新 凤英 小红 文军 红梅 永生 秋菊 大山 宝华 金凤 振华 淑兰 卫东 翠花 玉珍 国强 明亮 晓东 丽娟 志刚 秀兰 桂英 海涛 建军 雪梅 子涵 浩然 欣怡'.split(' ');

export const personName = (r: Rand) => pick(r, SURNAMES) + pick(r, GIVEN);
export const address = (r: Rand) => `${pick(r, DISTRICTS)}${pick(r, STREETS)}${pick(r, ESTATES)}${1 + Math.floor(r() * 30)}号楼${1 + Math.floor(r() * 6)}单元${101 + Math.floor(r() * 20) * 100 + Math.floor(r() * 4)}室`;
const place = (r: Rand) => pick(r, DISTRICTS) + (r() < 0.3 ? pick(r, VILLAGES) : pick(r, STREETS));

type Topic = { titles: string[]; facts: string[]; asks: string[] };

// {p} place, {c} company, {n} a count, {m} money, {y} a year, {o} a month.
const TOPICS: Record<string, Topic> = {
  urban: {
    titles: ['反映{p}征收补偿标准过低问题', '关于{p}旧城改造安置房迟迟未交付的问题', '{c}开发项目逾期交房且无法办理房产证', '反映小区物业服务差、乱收费问题', '{p}老旧小区加装电梯协调难'],
    facts: ['{y}年{p}启动房屋征收，补偿标准按{y}年评估价格执行，明显低于周边市场价，我家{n}口人仅获补偿{m}元。', '我们购买的{c}开发的商品房合同约定{y}年{o}月交房，至今已逾期两年多，开发商以资金困难为由一再拖延。', '小区物业公司自{y}年起擅自将物业费上调，但绿化、保洁、安保长期无人管理，地下车库积水严重。', '按照安置协议应在{y}年底前回迁，目前安置房项目仍处于停工状态，我们在外租房每月负担{m}元。'],
    asks: ['恳请人大常委会督促有关部门依法依规重新核定补偿，切实保障被征收人的合法权益。', '请求督促开发商尽快交房并协调办理不动产权证书。', '希望有关部门加强对物业企业的监管，依法查处违规收费行为。'],
  },
  rural: {
    titles: ['反映{p}土地承包经营权被村委会收回问题', '关于{p}征地补偿款分配不公的问题', '{p}林地权属纠纷多年未解决', '反映村干部处理村务不公开问题'],
    facts: ['我家在{p}承包的{n}亩耕地，二轮承包合同尚未到期，村委会于{y}年以统一流转为由强行收回，未与我家协商。', '{y}年村集体土地被征收，征地补偿款共计{m}元，村委会未经村民代表大会讨论即自行分配，部分村民未获分配。', '村务公开栏已有两年未更新，集体资产出租收入去向不明，村民多次要求查账未果。'],
    asks: ['请求依法确认我家的土地承包经营权，恢复耕种。', '恳请有关部门对补偿款分配情况进行审计并公开结果。', '希望上级部门督促村委会依法公开村务、财务。'],
  },
  labor: {
    titles: ['{c}拖欠{n}名农民工工资', '反映{c}未依法缴纳社会保险', '关于企业改制后职工安置待遇未落实的问题', '反映工伤认定程序拖延问题'],
    facts: ['我们{n}人于{y}年{o}月至年底在{c}承建的{p}工地务工，公司至今拖欠工资共计{m}元，多次讨要未果。', '我在{c}工作已满六年，公司一直未为我缴纳社会保险，仅按月发放现金工资。', '{y}年原单位改制时承诺为职工补缴养老保险并安置就业，至今未兑现，涉及职工{n}余人。', '我于{y}年{o}月在工作中受伤，向人社部门申请工伤认定已超过法定期限，仍未作出结论。'],
    asks: ['恳请督促有关部门依法责令企业支付拖欠的工资。', '请求劳动保障监察部门依法查处，责令补缴社会保险。', '希望人大常委会加强对相关法律实施情况的监督。'],
  },
  judicial: {
    titles: ['对{p}人民法院民事判决不服的申诉', '反映{p}人民法院执行案件久拖不结', '反映公安机关对报案不予立案', '关于司法鉴定程序违法的申诉'],
    facts: ['我与{c}买卖合同纠纷一案，{p}人民法院于{y}年作出判决，认定事实不清，适用法律错误，我已依法申请再审被驳回。', '我申请执行的借款纠纷案件，标的额{m}元，法院立案执行已逾三年，被执行人名下有房产但一直未采取处置措施。', '{y}年{o}月我向派出所报案称被他人诈骗{m}元，派出所至今未给出是否立案的书面答复。'],
    asks: ['恳请人大常委会依法监督，督促司法机关依法纠正。', '请求督促法院依法加大执行力度，尽快执结。', '希望有关机关依法受理并给予书面答复。'],
  },
  environment: {
    titles: ['反映{p}某工厂夜间排放刺激性气体', '关于{p}施工工地夜间噪声扰民的问题', '{p}河道污染长期未治理'],
    facts: ['{p}附近的一家化工厂每天夜间排放刺激性气体，周边居民{n}余户长期受到影响，多人出现咳嗽、头痛症状。', '{p}某建设工地经常在夜间十点后施工，噪声严重影响附近居民休息，多次向有关部门反映未见改善。', '流经{p}的河道因上游企业排污，水体发黑发臭，夏季尤为严重。'],
    asks: ['恳请生态环境部门依法查处，还居民一个良好的生活环境。', '请求有关部门加强监管，依法处理。'],
  },
  economy: {
    titles: ['反映{c}非法集资、无法兑付问题', '关于{p}商户遭遇消费欺诈的投诉', '反映{p}涉企乱收费问题'],
    facts: ['{y}年我在{c}购买理财产品共计{m}元，承诺年化收益百分之十二，现公司负责人失联，涉及投资人{n}余人。', '我在{p}一家商户办理预付卡{m}元，商户突然关门停业，拒不退还余额。', '我公司在办理相关手续时被要求缴纳没有依据的服务费{m}元。'],
    asks: ['恳请有关部门依法查处，追缴资金，维护投资人合法权益。', '请求市场监管部门依法处理，督促退款。'],
  },
  resources: {
    titles: ['反映{p}违法占用耕地建房问题', '关于不动产登记办理难的问题'],
    facts: ['{p}有人在基本农田上违法建设厂房，面积约{n}亩，当地至今未予制止。', '我家房屋于{y}年购买，因开发商未完成土地出让手续，至今无法办理不动产登记。'],
    asks: ['请求自然资源部门依法查处违法用地行为。', '恳请协调有关部门解决办证问题。'],
  },
  health: {
    titles: ['反映{p}某医院医疗事故处理不公', '关于基层医疗服务的意见建议'],
    facts: ['我母亲于{y}年{o}月在{p}某医院手术后出现严重并发症，医院拒绝提供完整病历，医疗事故鉴定程序拖延。', '社区卫生服务中心常用药品经常缺货，老年人只能到大医院排长队开药。'],
    asks: ['请求卫生健康部门依法调查处理。', '建议加强基层医疗机构药品配备。'],
  },
  education: {
    titles: ['反映{p}义务教育阶段入学难问题', '关于校外培训机构退费难的投诉'],
    facts: ['我家户籍和房产均在{p}，孩子却被分配到距离较远的学校就读，每天往返需两个小时。', '{c}在收取我们一年学费{m}元后停止授课，拒不退费，涉及家长{n}余人。'],
    asks: ['恳请教育部门依法依规合理安排就近入学。', '请求督促培训机构退还剩余费用。'],
  },
  civil: {
    titles: ['反映最低生活保障资格被取消问题', '关于{p}公墓收费过高的意见'],
    facts: ['我家庭人均收入低于当地低保标准，且本人患有慢性病丧失劳动能力，{y}年低保资格被无故取消。', '{p}经营性公墓墓穴价格逐年上涨，并捆绑收取各种服务费用，群众负担较重。'],
    asks: ['请求民政部门依法重新审核，恢复低保待遇。', '建议加强殡葬服务收费监管。'],
  },
  transport: {
    titles: ['对{p}交通事故责任认定不服', '关于{p}公交线路调整的建议'],
    facts: ['{y}年{o}月我在{p}发生交通事故，交警部门作出的责任认定未考虑对方超速行驶的事实。', '{p}居民区附近的公交线路被取消后，老年人出行十分不便，周边{n}余户居民联名反映。'],
    asks: ['请求依法复核事故责任认定。', '建议交通部门恢复或优化公交线路。'],
  },
  discipline: {
    titles: ['检举{p}某干部违规插手工程项目', '控告{p}有关工作人员滥用职权'],
    facts: ['据我了解，{p}某干部利用职务便利为亲属承揽工程项目，涉及金额{m}元，群众意见很大。', '{y}年有关工作人员在办理审批事项时故意刁难，索要好处费，我有相关证据材料。'],
    asks: ['恳请有关机关依法依纪调查处理。', '请求依法查处违纪违法行为，并对检举人信息予以保密。'],
  },
  congress: {
    titles: ['对地方性法规草案的修改建议', '关于人大代表联系群众工作的建议', '反映选举任免工作中的问题'],
    facts: ['我认真学习了正在征求意见的地方性法规草案，认为其中关于物业管理的条款规定不够具体，操作性不强。', '我所在社区的人大代表联络站活动较少，群众反映问题的渠道不够畅通。'],
    asks: ['建议在审议时予以充分考虑。', '希望进一步加强代表联络站建设，密切代表同人民群众的联系。'],
  },
  other: {
    titles: ['反映邻里纠纷调解不力问题', '关于其他事项的咨询'],
    facts: ['我家与邻居因宅基地界线发生纠纷，{p}调解委员会多次调解未果，矛盾有激化的趋势。', '我想咨询有关政策规定，多次拨打热线电话未能得到明确答复。'],
    asks: ['恳请有关部门依法处理。', '希望得到明确答复。'],
  },
};

/** Category codes with their share of all petitions (a parent's own code stands for its general matters). */
export const CATEGORY_MIX: ReadonlyArray<readonly [string, number]> = [
  ['urban.demolition', 9], ['urban.housing', 7], ['urban.delivery', 5], ['urban.planning', 3], ['urban', 1],
  ['rural.land', 5], ['rural.forest', 1], ['rural.village', 3], ['rural.agri', 1],
  ['labor.wages', 6], ['labor.insurance', 3], ['labor.restructure', 2], ['labor.injury', 2],
  ['judicial.court', 10], ['judicial.procuratorate', 2], ['judicial.police', 5], ['judicial.justice', 2],
  ['environment.pollution', 3], ['environment.noise', 2], ['economy.finance', 4], ['economy.market', 3], ['economy.fees', 1],
  ['resources', 3], ['health.dispute', 2], ['health', 1], ['education', 3], ['civil.relief', 2], ['civil.funeral', 1], ['civil', 1],
  ['transport.accident', 1], ['transport', 1], ['discipline.official', 3], ['discipline', 1], ['congress.legislation', 1],
  ['congress.deputy', 0.5], ['congress.appointment', 0.3], ['congress', 0.2], ['other', 1],
];

/** Purposes lean on the matter: complaints about courts are appeals, about officials accusations. */
export function purposeFor(r: Rand, category: string): 'suggestion' | 'accusation' | 'appeal' | 'demand' | 'inquiry' {
  const top = category.split('.')[0];
  if (top === 'judicial') return weighted(r, [['appeal', 60], ['demand', 25], ['accusation', 10], ['inquiry', 5]] as const);
  if (top === 'discipline') return weighted(r, [['accusation', 85], ['suggestion', 10], ['inquiry', 5]] as const);
  if (top === 'congress') return weighted(r, [['suggestion', 80], ['inquiry', 15], ['accusation', 5]] as const);
  return weighted(r, [['demand', 70], ['suggestion', 9], ['accusation', 6], ['appeal', 5], ['inquiry', 10]] as const);
}

const SLOT: Record<string, (r: Rand) => string> = {
  p: (r) => place(r),
  c: (r) => pick(r, COMPANIES),
  n: (r) => String(2 + Math.floor(r() * 60)),
  m: (r) => String((1 + Math.floor(r() * 400)) * 500),
  y: (r) => String(2015 + Math.floor(r() * 10)),
  o: (r) => String(1 + Math.floor(r() * 12)),
  d: (r) => String(1 + Math.floor(r() * 28)),
  a: (r) => String(25 + Math.floor(r() * 60)),
  s: (r) => pick(r, SURNAMES),
};

/** Fills a template; a fact of several clauses sometimes loses one, as people tell it shorter. */
function fill(r: Rand, template: string): string {
  const clauses = template.split('，');
  if (clauses.length > 2 && r() < 0.5) clauses.splice(1 + Math.floor(r() * (clauses.length - 2)), 1);
  return clauses.join('，').replace(/\{([pcnmyodas])\}/g, (_, k: string) => SLOT[k](r));
}

// Each letter mostly tells its own story (who went where, what they were told, what it cost),
// built phrase by phrase from large pools, so two letters on the same matter share little text,
// as real mail does. (With template sentences alone, every new filing would find thousands of
// near-identical "copies" at a million letters and measure the corpus, not the system.)
const WHEN = ['去年年底', '今年春节前后', '上个月', '前不久', '{y}年{o}月{d}日', '{y}年{o}月{d}日', '{y}年{o}月初', '{y}年夏天', '{y}年{o}月中旬', '事发后第{n}天', '国庆节前', '{o}月{d}日上午', '{o}月{d}日下午', '今年年初', '去年{o}月'];
const WHO = ['我', '我和家人', '我们几户居民', '我父亲', '我爱人', '我和几位工友', '我们村的村民代表', '我本人和律师', '我儿子', '我和邻居老{s}', '我们{n}户业主', '我母亲', '我和同事', '我们小区的楼门长', '我侄子'];
const WENT = ['到{p}办事处反映情况', '拨打了12345政务服务便民热线', '找到社区居委会说明情况', '向有关部门提交了书面材料', '与对方负责人当面协商', '到信访接待场所当面反映', '通过网上平台留言反映', '请人民调解员出面调解', '给区长信箱写了信', '到{p}派出所报案', '找到{c}的项目经理', '向街道综合执法队举报', '委托律师发了律师函', '向区人大代表反映', '到{p}司法所咨询', '在政务服务中心窗口排了{n}个小时的队', '请媒体记者帮忙反映', '向主管部门寄了挂号信'];
const TOLD = ['工作人员答复说需要研究', '对方表示会尽快处理', '至今没有任何回音', '被告知这件事不归他们管', '对方让我们回去等通知', '得到的答复前后不一致', '经办人员换了{n}次仍无结果', '对方承诺{n}日内答复但未兑现', '有关负责人避而不见', '对方说要等上级批复', '被要求补充{n}份材料', '工作人员态度生硬', '只得到一个电话号码', '对方推说系统故障', '答复说已经转给别的部门', '对方口头同意但拒绝书面确认'];
const COST = ['家里老人因此病情加重', '孩子上学受到很大影响', '我们只能借钱度日', '全家生活陷入困境', '前后花去交通和误工费用{m}元', '邻里之间矛盾越来越大', '我已经{n}个月没有收入', '身心受到很大伤害', '房贷已经逾期{n}期', '工友们过年都回不了家', '每天晚上都睡不好觉', '看病的钱都凑不齐', '只能在亲戚家借住', '耽误了{n}天的农活', '小店被迫关门停业'];
const WHOAMI = ['我叫{s}某，家住{p}，', '本人{a}岁，户籍在{p}，', '我今年{a}岁，是{p}人，', '写信人住在{p}，家中{n}口人，', '我是{p}居民，今年{a}岁，', '我是{p}的一名退休职工，', '我是在{p}务工的外地人员，老家在外省，', '我是{p}的村民，家里{n}口人，', '我是{c}的员工，工作了{n}年，', '我是一名残疾人，住在{p}，', '我是{p}某小区的业主，', '我是个体工商户，在{p}经营小店，'];
const CLOSINGS = ['以上情况属实，相关材料可以提供。', '以上反映如有不实，本人愿意承担责任。', '附件是相关的照片和票据。', '我们已经等了很久，实在没有办法了。', '盼复。', '此致敬礼！', '谢谢领导！', ''];

function narrative(r: Rand): string {
  return fill(r, `${pick(r, WHEN)}，${pick(r, WHO)}${pick(r, WENT)}，${pick(r, TOLD)}，${pick(r, COST)}。`);
}

// Writers word things their own way: each letter takes one variant of each of these words.
const WORDING: ReadonlyArray<readonly string[]> = [
  ['反映', '反应', '投诉', '提出'], ['答复', '回复', '回话', '说法'], ['工作人员', '办事人员', '接待人员', '窗口人员'], ['对方', '他们', '该单位', '那边'],
  ['至今', '到现在', '直到今天', '到目前为止'], ['多次', '好几次', '反复', '屡次'], ['恳请', '请求', '希望', '盼望'], ['有关部门', '相关部门', '主管部门', '职能部门'],
  ['我们', '俺们', '我们大家'], ['问题', '事情', '情况'], ['依法', '按照法律', '依照规定'], ['尽快', '早日', '尽早'], ['影响', '困扰', '打击'],
  ['处理', '解决', '办理'], ['没有', '没', '并未'], ['已经', '都已经', '早已'], ['但是', '可是', '然而'], ['因此', '为此', '所以'], ['严重', '十分严重', '非常严重'],
  ['公司', '单位', '企业'], ['领导', '领导同志', '负责同志'], ['材料', '证明材料', '相关资料'], ['要求', '要'], ['时间', '时候'], ['生活', '日子'],
  ['补偿', '补贴', '赔偿'], ['开发商', '开发企业', '房企'], ['判决', '判决书', '裁判'], ['法院', '人民法院', '法庭'], ['安置房', '回迁房', '安置住房'],
  ['房屋', '房子', '住房'], ['村委会', '村两委', '村里'], ['土地', '地块', '田地'], ['工资', '工钱', '劳动报酬'], ['拖欠', '欠着', '拖着不给'],
  ['物业', '物业公司', '物业方'], ['小区', '院里', '楼里'], ['标准', '水平', '数额'], ['居民', '住户', '老百姓'], ['群众', '老百姓', '大家'],
  ['调查', '核查', '查处'], ['部门', '机关', '单位'], ['合同', '协议', '合约'], ['长期', '一直', '常年'],
  ['某', '一家', '当地某'], ['未果', '没有结果', '无果'], ['拖延', '推诿', '拖着'], ['涉及', '牵涉', '共有'], ['明显', '远远', '大大'],
  ['发生', '出现', '产生'], ['申请', '提出申请'], ['承诺', '答应', '保证'], ['严重影响', '大大影响', '干扰'], ['居住', '生活'],
];

const WORDING_RE = new RegExp([...WORDING.map((g) => g[0])].sort((a, b) => b.length - a.length).join('|'), 'g');

function inOwnWords(r: Rand, text: string): string {
  const choice = new Map<string, string>();
  for (const group of WORDING) choice.set(group[0], pick(r, group));
  return text.replace(WORDING_RE, (w) => choice.get(w) ?? w);
}

export type Letter = { title: string; content: string; desiredOutcome: string; place: string };

/** A letter for the category: a title, who writes, one or two facts of the matter, four to six
 *  sentences of the writer's own story, a request and a closing. */
export function letter(r: Rand, category: string): Letter {
  const t = TOPICS[category.split('.')[0]] ?? TOPICS.other;
  const first = Math.floor(r() * t.facts.length);
  const facts = [fill(r, t.facts[first])];
  if (t.facts.length > 1 && r() < 0.4) facts.push(fill(r, t.facts[(first + 1 + Math.floor(r() * (t.facts.length - 1))) % t.facts.length]));
  const story = Array.from({ length: 4 + Math.floor(r() * 3) }, () => narrative(r));
  const ask = fill(r, pick(r, t.asks));
  const opening = pick(r, ['尊敬的人大常委会领导：', '尊敬的领导：', '市人大常委会信访室：', '', '', '']);
  const body = [fill(r, pick(r, WHOAMI)) + facts[0], ...story.slice(0, 2), ...facts.slice(1), ...story.slice(2)];
  const content = inOwnWords(r, [opening, ...body, pick(r, CLOSINGS), ask].filter(Boolean).join('\n'));
  const title = inOwnWords(r, `${pick(r, ['', '', '关于', '紧急反映：', '再次恳请解决'])}${fill(r, pick(r, t.titles))}${pick(r, ['', '', '的问题', '，恳请督办', '，盼复'])}`);
  return { title: title.slice(0, 100), content, desiredOutcome: ask, place: place(r) };
}

export const REPLY_TEXTS = [
  '经调查核实，您反映的问题已转交有关部门依法处理。有关部门已责令相关单位限期整改，并将整改情况向您作了说明。如对本答复不服，可以自收到本答复之日起三十日内向上一级机关申请复查。',
  '您反映的问题属于司法程序事项，依照有关法律规定，应通过申请再审、申诉等法定途径解决。我们已将您的来信转送有关机关依法处理，请您与承办机关保持联系。',
  '经有关部门调查，相关企业已于近期支付拖欠款项，劳动保障监察机构对该企业作出了行政处理决定。如仍有问题，请及时与承办单位联系。',
  '您提出的意见建议已转送常委会有关工作机构，在研究相关工作时予以参考。感谢您对人大工作的关心和支持。',
];
export const NOTE_TEXTS = ['已电话联系信访人，核实基本情况。', '信访人情绪较为激动，需做好解释疏导工作。', '该件涉及多个部门，建议召开协调会。', '承办单位已口头反馈，书面报告待报送。'];
export const INSTRUCT_TEXTS = ['请有关部门高度重视，依法依规妥善处理，及时反馈结果。', '此件涉及群众切身利益，请督促承办单位限期办结。'];
export const GUIDANCE_TEXTS = ['您反映的事项属于诉讼范围，请依法向人民法院提起诉讼。', '您反映的事项不属于本机关职权范围，请向有权处理的行政机关提出。', '请补充具体事实和相关证据后重新提出。'];
export const REVIEW_REASONS = ['答复没有解决实际问题，承办单位未认真调查。', '对答复意见不服，认为认定事实有误。'];
