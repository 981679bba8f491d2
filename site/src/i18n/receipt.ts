// Strings only the filing receipt shows (saving the code on the device or as a picture, the
// earlier receipt after a lost answer), in Simplified Chinese. Apart from ./zh.ts because the
// receipt loads after filing, not with the form (DESIGN §7 budgets).

export const receiptText = {
  saveImage: '保存为图片',
  imageReady: '图片已生成，请在下载或相册中查看。',
  imageFailed: '图片没有生成，请打印或手工抄写。',
  keepOnDevice: '在本机保存查询码',
  keepOnDeviceHint:
    '保存在这台手机或电脑的浏览器里，以后打开“查询进度”点一下就能查看，不用再输入。用这台设备的其他人也能看到；在公共电脑上请取消勾选。',
  keptOnDevice: '已保存在本机。',
  notKept: '没有保存在本机，请抄写、打印或保存图片。',
  storageFailed: '这台设备不允许保存，请抄写、打印或保存图片。',
  earlierLead: '上次点“确认提交”时，信件其实已经登记了，只是结果没有传回来。下面是当时的回执；之后修改的内容没有提交，也没有重复登记。',
  editAsSupplement: '把修改的内容作为补充材料提交',
  editAsSupplementHint: '下面是您修改过的内容，可以再改一改，然后作为这封信的补充材料提交。',
  editSupplementDone: '修改的内容已作为补充材料提交。',
};
