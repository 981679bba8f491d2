// Every string the portal shows, in Simplified Chinese. Split into named exports per page so
// the islands bundle only their own strings (named exports tree-shake, object keys do not).
// Office-specific facts (name, address) are in `office` so a deployment changes one place.

export const office = {
  name: 'XX市人大常委会',
  service: '网上信访',
  /** Full title used in the header and the <title> of every page. */
  title: 'XX市人大常委会 网上信访',
  emergency: '遇到正在发生的违法犯罪或人身安全等紧急情况，请立即拨打 110；本平台不处理紧急求助。',
};

export const common = {
  skip: '跳到正文',
  navLabel: '主导航',
  nav: { home: '首页', file: '我要写信', track: '查询进度', guidance: '法律指引' },
  displayToggle: '大字模式',
  displayToggleHint: '放大文字、加强对比，方便老年人阅读',
  footerNote: '本平台由XX市人大常委会办公厅（信访办）主办。您提交的个人信息依法保密，仅用于办理您反映的事项。',
  footerTime: '网上信访全天可提交；受理、办理期限按法定工作日计算。',
  footerContact: '也可以来信、来访或打电话：',
  optional: '选填',
  loading: '正在加载…',
  retry: '重试',
  networkError: '网络连接出现问题，请检查网络后重试。您填写的内容仍然保留。',
  serverError: '服务器暂时无法处理，请稍后重试。您填写的内容仍然保留。',
  tooMany: '操作太频繁，请稍后再试。',
  /** After a server error: the request id, for the citizen to quote when calling the office. */
  errorId: (id: string) => `（错误编号：${id}，致电咨询时请告知）`,
  remove: '删除',
  cosignerPrefix: (i: number) => `第 ${i} 位联名人：`,
};

export const notFound = {
  title: '页面没有找到',
  lead: '您要打开的页面不存在，可能是网址输错了，或者页面已经调整。',
  actions: '您可以：',
  home: '回到首页',
  file: '写信反映问题',
  track: '查询办理进度',
};

export const attachText = {
  legend: '证明材料（选填）',
  hint: '可以上传照片或 PDF 文件，最多 5 个，每个不超过 10 MB。请不要上传与反映事项无关的他人隐私。',
  choose: '选择照片或 PDF 文件',
  reviewLabel: '证明材料',
  uploading: '正在上传',
  done: '已上传',
  failed: '上传失败',
  tooBig: '文件超过 10 MB，请压缩或拆分后再上传',
  badType: '只能上传图片（JPG、PNG、GIF、WebP）或 PDF 文件',
  tooMany: '最多只能上传 5 个文件',
  removeLabel: (name: string) => `删除附件 ${name}`,
  retryLabel: (name: string) => `重试上传 ${name}`,
  preparing: '正在压缩照片',
  shrunk: (from: string, to: string) => `已压缩 ${from} → ${to}`,
  listLabel: '已选择的附件',
  waitUploads: '还有附件正在上传，请等上传完成后再继续。',
  failedUploads: '有附件上传失败，请点“重试”或删除后重新选择。',
};

export const fileText = {
  title: '我要写信',
  lead: '请如实、清楚地写明您要反映的问题。带 * 的是必填项。填完后可以先核对，再提交。',
  noScript: '本页需要浏览器开启 JavaScript 才能使用。',
  noScriptForm: '您的浏览器没有开启 JavaScript，下面是简化的写信表单，同样可以提交。',
  steps: ['填写内容', '核对提交', '保存回执'],
  stepOf: (n: number, total: number) => `第 ${n} 步，共 ${total} 步`,

  purposeLegend: '您写信是为了什么？',
  categoryLegend: '问题属于哪一类？',
  categoryMain: '大类',
  categorySub: '小类',
  categoryChoose: '请选择',
  categoryOther: (name: string) => `不确定 / 其他${name}问题`,
  categoryLoadError: '问题分类没有加载出来。',

  contentLegend: '反映的内容',
  title_: '标题',
  titleHint: '用一句话概括，例如“某小区拆迁补偿款未按协议支付”。',
  content: '具体内容',
  contentHint: '请写明时间、地点、涉及的单位或人员、事情经过，以及已经向哪些部门反映过、对方如何答复。',
  count: (n: number, max: number) => `已写 ${n} 字，最多 ${max} 字`,
  over: (n: number) => `超出 ${n} 字，请精简`,
  desiredOutcome: '您的诉求',
  desiredOutcomeHint: '希望得到怎样的处理或答复。',
  place: '问题发生地',
  placeHint: '例如“XX区XX街道XX小区”。',

  identityLegend: '信访人',
  named: '署名反映（推荐）',
  namedHint: '留下姓名和电话，我们可以联系您、寄送书面答复。',
  anonymous: '匿名反映',
  anonymousHint:
    '匿名反映的，我们无法联系您，也不会寄送答复；只能凭查询码在本网站查看办理情况和答复。联名信不能匿名。',
  jointLabel: '这是联名信（多人共同反映同一件事）',
  jointHint: '联名信需要署名，请在下面填写其他联名人。5 人及以上的，请推选代表。',
  name: '姓名',
  phone: '联系电话',
  phoneHint: '手机号或带区号的固定电话。',
  idNumber: '身份证号码',
  idNumberHint: '填写后便于核实身份、合并办理同一事项。',
  address: '联系地址',
  addressHint: '需要邮寄书面答复时使用。',
  email: '电子邮箱',
  emailHint: '填写后，办理进展也会发到这个邮箱。',
  notifyLabel: '办理进展用短信告诉我',
  notifyHint: '受理或不予受理、转送交办、延期、答复时，我们会给上面的手机号发一条短信。短信只写信件编号和办理进展，不含查询码和信件内容。',

  cosignersLegend: '联名人',
  cosignerName: (i: number) => `第 ${i} 位联名人姓名`,
  cosignerPhone: (i: number) => `第 ${i} 位联名人电话（选填）`,
  cosignerRemove: (i: number) => `删除第 ${i} 位联名人`,
  cosignerAdd: '添加一位联名人',
  cosignersNone: '还没有联名人。',

  privacyTitle: '个人信息保护说明',
  privacy: [
    '您的姓名、身份证号码、电话和地址与信访内容分开加密保存，只有经授权的信访工作人员在办理需要时才能查看，查看会留下记录。',
    '检举控告类信件，不会向被检举控告的单位或人员透露您的身份。',
    '您的信息只用于办理您反映的事项，不用于其他用途；办结后超过保存期限的，将依规定删除或匿名化。',
  ],

  toReview: '下一步：核对内容',
  reviewTitle: '请核对您要提交的内容',
  reviewLead: '确认无误后点击“确认提交”。需要修改的，点击“返回修改”，已填写的内容不会丢失。',
  back: '返回修改',
  submit: '确认提交',
  sending: '正在提交，请稍候…',
  none: '未填写',
  anonymousShort: '匿名',
  attachmentsCount: (n: number) => `${n} 个文件`,

  checkPurpose: '请选择写信的目的',
  checkCategory: '请选择问题分类',
  checkTitle: '请填写标题',
  checkContent: '请填写具体内容',
  checkName: '请填写姓名',
  checkPhone: '请填写联系电话',
  badPhone: '联系电话格式不正确，请填写手机号或带区号的固定电话',
  badId: '身份证号码不正确，请核对（18 位，最后一位可能是 X）',
  checkCosigners: '联名信请至少填写一位联名人',
  checkCosignerName: '请填写联名人姓名',
  badCosignerPhone: '联名人电话格式不正确',
  tooLong: (label: string, max: number) => `${label}不能超过 ${max} 个字`,
  errorSummary: (n: number) => `有 ${n} 处需要修改，请看各栏下方的红色提示。`,
  badEmail: '电子邮箱格式不正确，例如 name@example.com',

  draftFound: (when: string) => `这台设备上有一封您没写完的信（${when} 保存）。`,
  draftSent:
    '上次您已经点了“确认提交”，但没有收到结果，信件可能已经提交成功。恢复后再次提交：如果已经登记，会直接显示当时的回执，不会重复登记。',
  draftRestore: '恢复这封信',
  draftDiscard: '不要了，重新写',
  draftRestored: '已恢复您上次写的内容。',
  draftNote: '您填写的内容会自动保存在这台设备上（不含附件本身），刷新或返回也不会丢失；提交成功后自动清除。',

  failNetwork: '网络连接中断，没能确认信件是否送达。请检查网络后点“重新提交”；重新提交不会重复登记。',
  failRate: (minutes: number) => `提交得太频繁了，请等 ${minutes} 分钟后再点“重新提交”。您填写的内容已保存在这台设备上。`,
  failServer: '系统暂时繁忙，信件没有提交成功。请稍等一两分钟后点“重新提交”；您填写的内容已保存在这台设备上。',
  retrySend: '重新提交',
  otherWays: '如果一直提交不成功，也可以来信、来访或打电话：',

  receiptTitle: '提交成功，请保存回执',
  printHeading: '网上信访回执',
  receiptLead: '您的来信已经登记。下面的信件编号和查询码请马上抄写或打印保存。',
  caseNo: '信件编号',
  queryCode: '查询码',
  keepWarning:
    '查询码只显示这一次。本机关不保存查询码原文，丢失后无法找回。凭查询码可以查看办理进度、补充材料、阅读答复；匿名反映的，这是了解办理结果的唯一途径。请不要把查询码告诉他人。',
  registeredAt: '登记时间',
  acceptDue: (d: string) => `我们最迟在 ${d} 告知您是否受理（登记之日起 15 日内，期限最后一日遇节假日顺延）。`,
  copied: '已复制',
  copyFailed: '复制失败，请手工抄写',
  copyCode: '复制查询码',
  copyCaseNo: '复制信件编号',
  print: '打印回执',
  earlierTitle: '您的信件已经提交成功',
  changedField: (label: string) => `【${label}（修改后）】`,
  receiptNext: '之后可在“查询进度”页面输入查询码查看办理情况。',
  trackLink: '去查询进度',
  newLetter: '再写一封信',
};

// The tracking page's strings are in ./track.ts (only /track loads them; issue 14's budget for /file).

export const home = {
  title: '首页',
  heroTitle: '向人大常委会反映您的意见和诉求',
  heroLead:
    '您可以在这里向XX市人大常委会写信，反映意见、建议和诉求。提交后会得到一个查询码，凭它随时查看办理进度和答复。',
  ctaFile: '我要写信',
  ctaTrack: '查询进度',

  acceptTitle: '我们受理哪些事项',
  accept: [
    '对本级人民代表大会及其常务委员会制定的地方性法规、作出的决议决定的意见和建议。',
    '对人大常委会及其工作机构、人大代表工作的意见、建议和批评。',
    '对本级人民政府、监察委员会、人民法院、人民检察院工作的意见、建议和批评。',
    '对人大及其常委会选举、任命的国家机关工作人员违法失职行为的检举、控告。',
    '依法应当由人大常委会处理的其他事项。',
  ],
  forwardNote:
    '属于政府、监察委员会、法院、检察院职权范围的具体事项，我们会依法转送有权处理的机关办理，或者告诉您应当向哪个机关提出，并告知您结果。',

  notAcceptTitle: '哪些事项需要走其他途径',
  notAcceptLead: '下面这些事项，法律规定了专门的解决途径，走这些途径更快、更有保障：',
  routes: [
    { name: '诉讼', text: '民事纠纷（如借款、合同、婚姻家庭、邻里纠纷），以及对行政机关作出的决定不服的，可以向人民法院起诉。' },
    { name: '仲裁', text: '劳动争议（如拖欠工资、解除劳动合同）一般先向劳动人事争议仲裁委员会申请仲裁；合同约定了仲裁的，向约定的仲裁机构申请。' },
    { name: '行政复议', text: '对行政机关作出的罚款、拆除、不予登记等决定不服的，可以自知道该决定之日起 60 日内申请行政复议。' },
  ],
  notAcceptListLead: '以下事项，本机关不予受理，但会告诉您应当怎样解决：',
  notAccept: [
    '已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项。',
    '已经复核终结，又以同一事实和理由再次提出的事项。',
    '不属于国家机关职权范围的事项，例如纯属个人之间的私事。',
  ],

  bodiesTitle: '哪个机关管什么',
  bodies: [
    { name: '人民政府及其部门', text: '行政管理方面的具体问题，如征地拆迁、住房、劳动社保、环境污染、市场监管等。' },
    { name: '监察委员会', text: '公职人员贪污贿赂、滥用职权、玩忽职守等职务违法和职务犯罪的检举控告。' },
    { name: '人民法院', text: '审判和执行工作，如对判决、裁定不服申请再审，生效判决没有执行等。' },
    { name: '人民检察院', text: '检察工作，以及对法院生效裁判、审判和执行活动申请法律监督。' },
  ],

  howTitle: '怎样写信',
  how: [
    '选择写信的目的和问题分类。',
    '写清楚事情的经过和您的诉求。',
    '留下姓名和电话（也可以匿名，但匿名的无法联系您）。',
    '需要的话，上传照片或 PDF 证明材料。',
    '核对无误后提交，马上记下信件编号和查询码。',
  ],
  howNote: '不方便上网的，也可以来信、来访或打电话，工作人员同样会登记办理。',

  afterTitle: '提交以后会怎样',
  after: [
    { name: '受理审查', text: '自登记之日起 15 日内，告知您是否受理；需要转送其他机关的，告知转送去向。' },
    { name: '办理', text: '受理之日起 60 日内办结；情况复杂的，经批准可以延长，最多 30 日，并告知您延期理由。' },
    { name: '答复与复查', text: '办结后给您书面答复。对答复不服的，可以自收到答复之日起 30 日内申请复查。' },
  ],
  afterNote: '期限的最后一天遇到节假日的，顺延到节假日后的第一个工作日。',

  linksTitle: '还可以',
  linkTrack: '凭查询码查询办理进度、补充材料、评价答复',
  linkGuidance: '阅读法律指引，了解自己的问题该找哪里',
};

export const guidance = {
  title: '法律指引',
  lead: '了解信访的基本规则和各类问题的法定解决途径，少走弯路。',
  sections: [
    {
      title: '信访的基本规则',
      items: [
        '如实反映情况，不得捏造、歪曲事实，不得诬告、陷害他人。',
        '向依法有权处理的机关提出；同一事项正在办理期间，再次提出的不重复受理。',
        '多人反映共同意见的，可以写联名信；采用走访形式的，请推选代表，代表人数不超过 5 人。',
        '对答复不服的，可以在 30 日内申请复查；对复查意见不服的，可以在 30 日内申请复核。',
      ],
    },
    {
      title: '常见问题的法定途径',
      items: [
        '劳动争议：向劳动人事争议仲裁委员会申请仲裁，一般应在知道权利被侵害之日起 1 年内提出。',
        '对行政机关的决定不服：自知道之日起 60 日内申请行政复议；或者自知道之日起 6 个月内向法院提起行政诉讼。',
        '民事纠纷：可以协商、调解，或者向法院起诉；诉讼时效一般为 3 年。',
        '对生效判决、裁定不服：可以向法院申请再审，或向检察院申请监督。',
        '公职人员违纪违法：向纪检监察机关检举控告。',
      ],
    },
  ],
  more: '更多法律指引文章将陆续在本栏目发布。',
};
