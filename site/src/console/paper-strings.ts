// UI strings of the office's paper and data screens (issue 15): the office identity and alias
// admin tabs, registration details, the case's documents and referral panel, the referrals page,
// the overdue batch bar and the follow-up result. Kept apart from strings.ts, which every screen shares.

export const officeText = {
  title: '机关信息',
  lead: '机关名称、地址、电话、接待时间和文号前缀用于门户网站、各类告知书、函件和导出文件，保存后立即生效，无需重新部署。',
  name: '机关名称',
  nameHint: '写在文书的发文机关标志和落款处，例如“东湖市人大常委会信访办公室”。',
  address: '通信地址',
  postcode: '邮政编码',
  phone: '联系电话',
  receptionHours: '接待时间',
  receptionHoursHint: '例如“工作日 上午 9:00—12:00，下午 14:00—17:00”。',
  docPrefix: '文号前缀',
  docPrefixHint: '文号写作“前缀〔年份〕序号号”，例如前缀“东人大信”得到“东人大信〔2026〕12号”。',
  preview: '文号示例',
  save: '保存机关信息',
  saved: '已保存。门户网站和新打印的文书将使用新的机关信息。',
  placeholder: '尚未设置机关名称（目前显示“XX市人大常委会”）。',
};

export const aliasText = {
  title: '别名',
  lead: '台账中常用简称（如“市人社局”“环保”）。导入台账时，别名会自动对应到单位或分类。',
  agencies: '承办单位别名',
  categories: '内容分类别名',
  agency: '承办单位',
  category: '内容分类',
  alias: '别名',
  add: '添加别名',
  remove: (a: string) => `删除别名“${a}”`,
  none: '暂无别名。',
  choose: '请选择',
};

export const registerDetailsText = {
  legend: '来源与接待',
  source: '来源',
  sourceHint: '代表转来、领导批转、上级人大交办的，办结后需向转交人报结。',
  direct: '群众直接反映',
  referrer: { deputy: '转来的人大代表', leader: '批转的领导', upper_congress: '交办的上级人大机关' } as Record<string, string>,
  referrerDocNo: '交办文号',
  referrerDocNoHint: '上级人大交办函的文号，例如“省人大信〔2026〕35号”。',
  referrerAddress: '报结函寄送地址（选填）',
  flags: '来访情形',
  skipLevel: '越级访',
  repeatVisit: '重复访',
  receptionDay: '领导接待日',
  receptionDayHint: '在已公布的领导接待日接待的来访，选择当天的接待日。',
  noReceptionDay: '不是领导接待日',
  receivingLeader: '接待领导',
  receivingLeaderHint: '默认为接待日安排的领导。',
  phoneOrAddress: '联系电话或通信地址至少填写一项；来信可只留通信地址。',
};

export const casePaperText = {
  documents: '打印文书',
  documentsLead: '文书按党政机关公文格式排版（A4），首次打印时编文号，再次打印文号不变。',
  print: (label: string) => `打印${label}`,
  issuedAs: (no: string) => `文号 ${no}`,
  noDocuments: '暂无可打印的文书。',
  overdueReports: '逾期未结通报',
  source: '来源与报结',
  sourceLabel: '来源',
  referrer: '转交人',
  referrerDocNo: '交办文号',
  flags: '来访情形',
  reception: '领导接待日',
  reported: (at: string, no: string | null) => `已于 ${at} 报结${no ? `（${no}）` : ''}`,
  notReported: '尚未报结',
  printReport: '打印报结函',
  markReported: '已向转交人报结',
  marking: '正在保存…',
  waitReport: '办结（或转送有权机关）后可以报结。',
  imported: '台账导入',
  importedFrom: (name: string, row: number) => `来自“${name}”第 ${row} 行`,
  reference: '原编号',
  resultText: '办理结果',
  remarks: '备注',
};

export const referralsText = {
  title: '转交件报结',
  lead: '代表转来、领导批转、上级人大交办的信访件，办结后须向转交人报结。可报结的排在前面。',
  awaiting: '待报结',
  reported: '已报结',
  ready: '可报结',
  handling: '办理中',
  none: '没有待报结的信访件。',
  noneReported: '还没有已报结的信访件。',
  cols: { caseNo: '编号 / 标题', source: '来源', referrer: '转交人', docNo: '交办文号', status: '办理状态', received: '收到日期', reportedAt: '报结日期' },
  open: '办理',
};

export const batchText = {
  selectAll: '全选本页',
  select: (no: string) => `选择 ${no}`,
  selected: (n: number) => `已选 ${n} 件`,
  remindNote: '催办意见',
  remindNoteDefault: '该信访事项已超过办理期限，请抓紧办理并报送办理结果。',
  remind: (n: number) => `催办所选（${n} 件）`,
  report: '打印逾期未结通报',
  reminded: (n: number) => `已催办 ${n} 件。`,
  refused: (list: string) => `以下信访件未催办：${list}`,
  needSelection: '请先勾选信访件。',
};

export const followUpText = {
  result: '回访结果',
  method: '回访方式',
  none: '（不记录）',
  resultHint: '记录信访人对办理结果的评价，计入满意率（信访人尚未自行评价时）。',
};
