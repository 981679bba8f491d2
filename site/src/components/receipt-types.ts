// The receipt a filing answers with (DESIGN §4), plus the title the device keeps beside it.
export interface FiledReceipt {
  caseNo: string;
  queryCode: string;
  registeredAt: string;
  acceptDueAt: string;
  title?: string;
}
