// Realistic Chinese text for the benchmark data set (issue 6): per category (issue 17), title and
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
// A category's letters tell of its own matter (issue 17: the office's history teaches the triage
// suggestions, so a category must mean something in the text, as it does in real mail): a leaf
// category has its own titles, facts and requests; a parent's own code stands for its general
// matters, which are none of its children's.
const TOPICS: Record<string, Topic> = {
  urban: {
    titles: ['关于{p}城市管理工作的意见', '反映{p}市政配套设施建设滞后问题'],
    facts: ['{p}周边道路、路灯、排水等市政配套设施多年未完善，雨天道路积水，夜间出行很不安全。', '{p}的城中村改造项目规划公示后迟迟没有动工，周边环境脏乱差，群众意见较大。'],
    asks: ['希望有关部门统筹规划，尽快完善配套设施。', '建议加强城市管理，改善居住环境。'],
  },
  'urban.demolition': {
    titles: ['反映{p}征收补偿标准过低问题', '关于{p}旧城改造安置房迟迟未交付的问题', '{p}强制拆除房屋未依法补偿'],
    facts: ['{y}年{p}启动房屋征收，补偿标准按{y}年评估价格执行，明显低于周边市场价，我家{n}口人仅获补偿{m}元。', '按照安置协议应在{y}年底前回迁，目前安置房项目仍处于停工状态，我们在外租房每月负担{m}元。', '{y}年{o}月有关部门在未达成补偿协议的情况下组织人员拆除了我家房屋，屋内物品损失约{m}元。'],
    asks: ['恳请人大常委会督促有关部门依法依规重新核定补偿，切实保障被征收人的合法权益。', '请求督促尽快建成安置房并按协议回迁。'],
  },
  'urban.housing': {
    titles: ['反映小区物业服务差、乱收费问题', '关于{p}公租房配租不公的问题', '{p}老旧小区加装电梯协调难'],
    facts: ['小区物业公司自{y}年起擅自将物业费上调，但绿化、保洁、安保长期无人管理，地下车库积水严重。', '我家符合公共租赁住房申请条件，{y}年提交申请后排队{n}个月仍未配租，而有的家庭条件更好却已入住。', '我们楼里{n}户居民大多是老年人，申请加装电梯已经两年，因个别住户反对和维修资金问题一直办不下来。'],
    asks: ['希望有关部门加强对物业企业的监管，依法查处违规收费行为。', '请求住房保障部门公开配租信息，依规处理。'],
  },
  'urban.delivery': {
    titles: ['{c}开发项目逾期交房', '反映{p}商品房多年无法办理房产证', '关于购房合同约定配套未兑现的问题'],
    facts: ['我们购买的{c}开发的商品房合同约定{y}年{o}月交房，至今已逾期两年多，开发商以资金困难为由一再拖延。', '我们小区{n}户业主于{y}年入住，因开发商拖欠土地出让金，至今无法办理房屋产权证书。', '{c}销售时承诺小区配建幼儿园和地下车位，交房后均未兑现，开发商拒绝协商。'],
    asks: ['请求督促开发商尽快交房并协调办理不动产权证书。', '恳请有关部门督促开发企业履行合同约定。'],
  },
  'urban.planning': {
    titles: ['反映{p}违规建设影响采光问题', '关于{p}道路规划调整的意见', '{p}违法建设多年未拆除'],
    facts: ['{p}新建的商业项目距离我们住宅楼不足二十米，严重影响采光通风，规划公示时群众的意见未被采纳。', '{p}规划中的道路改线方案将穿过我们小区绿地，事先没有征求居民意见。', '{p}有人在楼顶私搭乱建约{n}平方米，多次向城管部门举报，至今未拆除。'],
    asks: ['请求规划部门依法核查并纠正。', '希望城市管理部门依法查处违法建设。'],
  },
  rural: {
    titles: ['关于{p}农村人居环境整治的建议'],
    facts: ['{p}村内道路坑洼不平，垃圾收运不及时，村民生活环境较差。'],
    asks: ['建议加大对农村基础设施的投入。'],
  },
  'rural.land': {
    titles: ['反映{p}土地承包经营权被村委会收回问题', '关于{p}征地补偿款分配不公的问题'],
    facts: ['我家在{p}承包的{n}亩耕地，二轮承包合同尚未到期，村委会于{y}年以统一流转为由强行收回，未与我家协商。', '{y}年村集体土地被征收，征地补偿款共计{m}元，村委会未经村民代表大会讨论即自行分配，部分村民未获分配。'],
    asks: ['请求依法确认我家的土地承包经营权，恢复耕种。', '恳请有关部门对补偿款分配情况进行审计并公开结果。'],
  },
  'rural.forest': {
    titles: ['{p}林地权属纠纷多年未解决', '反映{p}林权证登记错误问题'],
    facts: ['我家祖辈经营的{n}亩山林，{y}年林改时被登记到邻村名下，双方为此发生多次冲突。', '{p}林业站在发放林权证时将我家的林地面积少登记了{n}亩，多次要求更正未果。'],
    asks: ['请求林业部门依法确权，化解山林纠纷。', '希望有关部门核实后更正林权登记。'],
  },
  'rural.village': {
    titles: ['反映村干部处理村务不公开问题', '关于{p}村委会换届选举违规的问题'],
    facts: ['村务公开栏已有两年未更新，集体资产出租收入去向不明，村民多次要求查账未果。', '{y}年{p}村委会换届时，有人以发放购物卡的方式拉票，村民对选举结果意见很大。'],
    asks: ['希望上级部门督促村委会依法公开村务、财务。', '请求乡镇党委政府依法调查处理。'],
  },
  'rural.agri': {
    titles: ['反映{p}购买假种子造成减产问题', '关于农业补贴未发放到位的问题'],
    facts: ['{y}年春天我在{p}农资店购买的玉米种子出苗率不足三成，{n}亩地几乎绝收，损失约{m}元。', '我家种粮{n}亩，{y}年的耕地地力保护补贴至今没有发放到位，村里说是系统问题。'],
    asks: ['请求农业农村部门查处销售假种子行为，帮助挽回损失。', '希望有关部门核查补贴发放情况。'],
  },
  labor: {
    titles: ['关于劳动者权益保护的建议'],
    facts: ['一些企业随意延长工作时间，加班不支付加班费，劳动者维权成本高。'],
    asks: ['建议加强劳动保障监察执法。'],
  },
  'labor.wages': {
    titles: ['{c}拖欠{n}名农民工工资', '反映{p}工地拖欠工钱问题'],
    facts: ['我们{n}人于{y}年{o}月至年底在{c}承建的{p}工地务工，公司至今拖欠工资共计{m}元，多次讨要未果。', '包工头以工程款未结算为由，拖欠我们{n}名工人{y}年下半年的工资{m}元，现已联系不上。'],
    asks: ['恳请督促有关部门依法责令企业支付拖欠的工资。', '请求帮助我们讨回血汗钱。'],
  },
  'labor.insurance': {
    titles: ['反映{c}未依法缴纳社会保险', '关于养老保险待遇核定错误的问题'],
    facts: ['我在{c}工作已满六年，公司一直未为我缴纳社会保险，仅按月发放现金工资。', '我于{y}年退休，社保经办机构核定养老金时少算了{n}年缴费年限，每月少领{m}元。'],
    asks: ['请求劳动保障监察部门依法查处，责令补缴社会保险。', '请求社保部门重新核定养老保险待遇。'],
  },
  'labor.restructure': {
    titles: ['关于企业改制后职工安置待遇未落实的问题', '反映原国有企业破产职工补偿问题'],
    facts: ['{y}年原单位改制时承诺为职工补缴养老保险并安置就业，至今未兑现，涉及职工{n}余人。', '原{c}破产清算时，职工经济补偿金按每年{m}元计算，明显低于规定标准。'],
    asks: ['恳请有关部门督促落实改制职工安置政策。', '希望人大常委会关注改制企业职工的合法权益。'],
  },
  'labor.injury': {
    titles: ['反映工伤认定程序拖延问题', '关于工伤赔偿不到位的问题'],
    facts: ['我于{y}年{o}月在工作中受伤，向人社部门申请工伤认定已超过法定期限，仍未作出结论。', '我在{c}工作时从脚手架上摔下，经鉴定为{n}级伤残，公司拒不支付一次性伤残补助金。'],
    asks: ['请求督促人社部门依法及时作出工伤认定。', '请求督促用人单位依法支付工伤保险待遇。'],
  },
  judicial: {
    titles: ['关于加强司法公开的建议'],
    facts: ['群众到法院查询案件进展经常找不到承办人，电话也无人接听。'],
    asks: ['建议进一步推进司法公开，方便群众查询。'],
  },
  'judicial.court': {
    titles: ['对{p}人民法院民事判决不服的申诉', '反映{p}人民法院执行案件久拖不结'],
    facts: ['我与{c}买卖合同纠纷一案，{p}人民法院于{y}年作出判决，认定事实不清，适用法律错误，我已依法申请再审被驳回。', '我申请执行的借款纠纷案件，标的额{m}元，法院立案执行已逾三年，被执行人名下有房产但一直未采取处置措施。'],
    asks: ['恳请人大常委会依法监督，督促司法机关依法纠正。', '请求督促法院依法加大执行力度，尽快执结。'],
  },
  'judicial.procuratorate': {
    titles: ['反映{p}人民检察院对控告不予答复', '关于申请检察监督未获受理的问题'],
    facts: ['{y}年{o}月我向{p}人民检察院递交控告材料，反映侦查人员违法取证，至今没有收到任何书面答复。', '我向检察机关申请民事检察监督，检察院以超过期限为由不予受理，我认为计算期限有误。'],
    asks: ['请求检察机关依法履行法律监督职责。', '希望有关机关依法受理并给予书面答复。'],
  },
  'judicial.police': {
    titles: ['反映公安机关对报案不予立案', '关于派出所处警不当的投诉'],
    facts: ['{y}年{o}月我向派出所报案称被他人诈骗{m}元，派出所至今未给出是否立案的书面答复。', '{y}年{o}月我家与邻居发生冲突，民警到场后未认真调查，偏袒对方，我被打伤后对方未受任何处理。'],
    asks: ['请求公安机关依法立案侦查。', '请求督促公安机关依法公正处理。'],
  },
  'judicial.justice': {
    titles: ['反映{p}法律援助申请被拒问题', '关于律师收费不规范的投诉'],
    facts: ['我因劳动纠纷申请法律援助，{p}法律援助中心以不符合经济困难标准为由拒绝，但我家确实无力支付律师费。', '我委托的律师事务所收取代理费{m}元后，律师只出庭一次，拒绝退还剩余费用。'],
    asks: ['请求司法行政部门依法审查处理。', '希望加强对律师执业行为的监管。'],
  },
  environment: {
    titles: ['关于加强{p}生态保护的建议'],
    facts: ['{p}山体绿化被破坏，周边违规采砂现象时有发生。'],
    asks: ['建议加强生态保护执法。'],
  },
  'environment.pollution': {
    titles: ['反映{p}某工厂夜间排放刺激性气体', '{p}河道污染长期未治理'],
    facts: ['{p}附近的一家化工厂每天夜间排放刺激性气体，周边居民{n}余户长期受到影响，多人出现咳嗽、头痛症状。', '流经{p}的河道因上游企业排污，水体发黑发臭，夏季尤为严重。'],
    asks: ['恳请生态环境部门依法查处，还居民一个良好的生活环境。', '请求有关部门加强监管，依法处理排污企业。'],
  },
  'environment.noise': {
    titles: ['关于{p}施工工地夜间噪声扰民的问题', '反映{p}商户噪音扰民'],
    facts: ['{p}某建设工地经常在夜间十点后施工，噪声严重影响附近居民休息，多次向有关部门反映未见改善。', '{p}楼下的歌厅和烧烤店每天营业到凌晨，音响声和吵闹声让居民无法入睡。'],
    asks: ['请求有关部门依法查处夜间违规施工。', '希望加强对噪声污染的管理。'],
  },
  economy: {
    titles: ['关于优化营商环境的建议'],
    facts: ['一些部门办理企业开办手续仍要求提交重复材料，审批时间较长。'],
    asks: ['建议进一步简化审批流程。'],
  },
  'economy.finance': {
    titles: ['反映{c}非法集资、无法兑付问题', '关于网络借贷平台暴力催收的投诉'],
    facts: ['{y}年我在{c}购买理财产品共计{m}元，承诺年化收益百分之十二，现公司负责人失联，涉及投资人{n}余人。', '我在网络平台借款{m}元后，平台收取高额服务费，逾期后催收人员多次骚扰我的亲友。'],
    asks: ['恳请有关部门依法查处，追缴资金，维护投资人合法权益。', '请求金融监管部门依法查处违规平台。'],
  },
  'economy.market': {
    titles: ['关于{p}商户遭遇消费欺诈的投诉', '反映{p}预付卡商家跑路问题'],
    facts: ['我在{p}一家商户办理预付卡{m}元，商户突然关门停业，拒不退还余额。', '我在{p}一家家电商场购买的空调存在质量问题，商家拒绝按照三包规定退换。'],
    asks: ['请求市场监管部门依法处理，督促退款。', '希望加强消费者权益保护。'],
  },
  'economy.fees': {
    titles: ['反映{p}涉企乱收费问题', '关于{p}停车场违规收费的问题'],
    facts: ['我公司在办理相关手续时被要求缴纳没有依据的服务费{m}元。', '{p}医院周边停车场收费标准远高于政府指导价，且不出具正规票据。'],
    asks: ['请求有关部门清理规范涉企收费。', '请求价格主管部门依法查处违规收费。'],
  },
  resources: {
    titles: ['反映{p}违法占用耕地建房问题', '关于不动产登记办理难的问题'],
    facts: ['{p}有人在基本农田上违法建设厂房，面积约{n}亩，当地至今未予制止。', '我家房屋于{y}年购买，因开发商未完成土地出让手续，至今无法办理不动产登记。'],
    asks: ['请求自然资源部门依法查处违法用地行为。', '恳请协调有关部门解决办证问题。'],
  },
  health: {
    titles: ['关于基层医疗服务的意见建议'],
    facts: ['社区卫生服务中心常用药品经常缺货，老年人只能到大医院排长队开药。'],
    asks: ['建议加强基层医疗机构药品配备。'],
  },
  'health.dispute': {
    titles: ['反映{p}某医院医疗事故处理不公', '关于医院拒绝提供病历的投诉'],
    facts: ['我母亲于{y}年{o}月在{p}某医院手术后出现严重并发症，医院拒绝提供完整病历，医疗事故鉴定程序拖延。', '我父亲在医院治疗期间因用药错误病情恶化，医院只同意赔偿{m}元，与实际损失相差很大。'],
    asks: ['请求卫生健康部门依法调查处理。', '请求依法组织医疗损害鉴定。'],
  },
  education: {
    titles: ['反映{p}义务教育阶段入学难问题', '关于校外培训机构退费难的投诉'],
    facts: ['我家户籍和房产均在{p}，孩子却被分配到距离较远的学校就读，每天往返需两个小时。', '{c}在收取我们一年学费{m}元后停止授课，拒不退费，涉及家长{n}余人。'],
    asks: ['恳请教育部门依法依规合理安排就近入学。', '请求督促培训机构退还剩余费用。'],
  },
  civil: {
    titles: ['关于加强社区养老服务的建议'],
    facts: ['{p}的老年人日间照料中心建成后一直没有正常运营，老年人就餐、活动没有去处。'],
    asks: ['建议有关部门推动养老服务设施正常运营。'],
  },
  'civil.relief': {
    titles: ['反映最低生活保障资格被取消问题', '关于临时救助申请未获批准的问题'],
    facts: ['我家庭人均收入低于当地低保标准，且本人患有慢性病丧失劳动能力，{y}年低保资格被无故取消。', '{y}年我家遭遇火灾，房屋烧毁，向街道申请临时救助至今未获批准。'],
    asks: ['请求民政部门依法重新审核，恢复低保待遇。', '恳请给予临时救助，帮助渡过难关。'],
  },
  'civil.funeral': {
    titles: ['关于{p}公墓收费过高的意见', '反映殡仪馆强制捆绑收费问题'],
    facts: ['{p}经营性公墓墓穴价格逐年上涨，并捆绑收取各种服务费用，群众负担较重。', '家人去世后殡仪馆要求必须购买其指定的骨灰盒和花圈，否则不予火化，共收费{m}元。'],
    asks: ['建议加强殡葬服务收费监管。', '请求民政部门查处殡葬服务乱收费。'],
  },
  transport: {
    titles: ['关于{p}公交线路调整的建议'],
    facts: ['{p}居民区附近的公交线路被取消后，老年人出行十分不便，周边{n}余户居民联名反映。'],
    asks: ['建议交通部门恢复或优化公交线路。'],
  },
  'transport.accident': {
    titles: ['对{p}交通事故责任认定不服', '反映交通事故赔偿执行难问题'],
    facts: ['{y}年{o}月我在{p}发生交通事故，交警部门作出的责任认定未考虑对方超速行驶的事实。', '我被车撞伤后，肇事司机只支付了部分医疗费，保险公司以各种理由拒绝理赔{m}元。'],
    asks: ['请求依法复核事故责任认定。', '请求督促有关方面依法赔偿。'],
  },
  discipline: {
    titles: ['控告{p}有关工作人员滥用职权'],
    facts: ['{y}年有关工作人员在办理审批事项时故意刁难，索要好处费，我有相关证据材料。'],
    asks: ['请求依法查处违纪违法行为，并对检举人信息予以保密。'],
  },
  'discipline.official': {
    titles: ['检举{p}某干部违规插手工程项目', '反映{p}某领导干部违规收受礼金'],
    facts: ['据我了解，{p}某干部利用职务便利为亲属承揽工程项目，涉及金额{m}元，群众意见很大。', '{p}某领导干部借子女婚礼之机大操大办，收受管理服务对象礼金{m}元。'],
    asks: ['恳请有关机关依法依纪调查处理。', '请求纪检监察机关严肃查处。'],
  },
  congress: {
    titles: ['对人大常委会监督工作的建议'],
    facts: ['建议人大常委会在执法检查中更多听取基层群众意见，并公开检查结果。'],
    asks: ['希望人大常委会进一步加强监督工作。'],
  },
  'congress.legislation': {
    titles: ['对地方性法规草案的修改建议', '关于制定{p}养犬管理规定的建议'],
    facts: ['我认真学习了正在征求意见的地方性法规草案，认为其中关于物业管理的条款规定不够具体，操作性不强。', '近年来{p}不文明养犬引发的纠纷越来越多，现行规定处罚太轻，建议尽快修改完善。'],
    asks: ['建议在审议时予以充分考虑。', '建议将此项立法列入年度立法计划。'],
  },
  'congress.deputy': {
    titles: ['关于人大代表联系群众工作的建议', '反映{p}人大代表联络站形同虚设'],
    facts: ['我所在社区的人大代表联络站活动较少，群众反映问题的渠道不够畅通。', '我们多次到{p}代表联络站反映问题，每次都无人接待，代表接待日也没有公示。'],
    asks: ['希望进一步加强代表联络站建设，密切代表同人民群众的联系。'],
  },
  'congress.appointment': {
    titles: ['反映选举任免工作中的问题', '关于{p}选区划分不合理的意见'],
    facts: ['{y}年{p}人大代表选举时，选民登记工作不规范，部分选民未被登记。', '我所在选区的候选人介绍过于简单，选民对候选人情况不了解。'],
    asks: ['请求依法核查选举工作中的问题。', '建议改进选举工作。'],
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
  const t = TOPICS[category] ?? TOPICS[category.split('.')[0]] ?? TOPICS.other;
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
