/**
 * Codes the Kaleyra-compatible API answers with. `RBC…` codes come from Kaleyra's platform
 * response-code table (their meaning here follows the sub-account docs); `SBX-…` codes are
 * [ours]: the sandbox defines them where Kaleyra documents no code, and a client talking to a
 * real account must not depend on them beyond "a 4xx with a code and a message".
 */
export const rbcCodes = {
  success: 'RBC103',
  deleted: 'RBC2347',
  postpaidAllowanceInsufficient: 'RBC2316',
  prepaidBalanceInsufficient: 'RBC2317',
  lowBalanceAlertIncomplete: 'RBC2319',
  emailDomainMismatch: 'RBC2322',
  countryRequired: 'RBC2328',
  countryInvalid: 'RBC2329',
  countryNotSupported: 'RBC2330',
  monthlyLimitRequired: 'RBC2331',
  monthlyLimitInvalid: 'RBC2332',
  lowBalanceEmailsRequired: 'RBC2333',
  creditAmountNotNumeric: 'RBC2334',
  lowBalanceEmailInvalid: 'RBC2335',
  lowBalanceEmailsDuplicate: 'RBC2336',
  lowBalanceEmailsTooMany: 'RBC2340',
  lowBalanceAmountInvalid: 'RBC2341',
  creditAmountRequired: 'RBC2345',
  sharedNeedsPostpaidParent: 'RBC2348',
  lowBalanceNotApplicable: 'RBC2352',
  monthlyLimitNotApplicable: 'RBC2353',
  creditAmountNotApplicable: 'RBC2354',
} as const;

export const sandboxCodes = {
  unauthorized: 'SBX-UNAUTHORIZED',
  forbidden: 'SBX-FORBIDDEN',
  subaccountCannotManage: 'SBX-SUBACCOUNT-CANNOT-MANAGE',
  notFound: 'SBX-NOT-FOUND',
  methodNotAllowed: 'SBX-METHOD-NOT-ALLOWED',
  malformedJson: 'SBX-MALFORMED-JSON',
  unsupportedMediaType: 'SBX-UNSUPPORTED-MEDIA-TYPE',
  invalidBody: 'SBX-INVALID-BODY',
  invalidQuery: 'SBX-INVALID-QUERY',
  payloadTooLarge: 'SBX-PAYLOAD-TOO-LARGE',
  rateLimited: 'SBX-RATE-LIMITED',
  nameInvalid: 'SBX-NAME-INVALID',
  nameTaken: 'SBX-NAME-TAKEN',
  emailInvalid: 'SBX-EMAIL-INVALID',
  emailNotBusiness: 'SBX-EMAIL-NOT-BUSINESS',
  emailTaken: 'SBX-EMAIL-TAKEN',
  channelsInvalid: 'SBX-CHANNELS-INVALID',
  creditTypeInvalid: 'SBX-CREDIT-TYPE-INVALID',
  fieldNotEditable: 'SBX-FIELD-NOT-EDITABLE',
  amountZero: 'SBX-AMOUNT-ZERO',
  amountInvalid: 'SBX-AMOUNT-INVALID',
  withdrawalExceedsBalance: 'SBX-WITHDRAWAL-EXCEEDS-BALANCE',
  accountDeleted: 'SBX-ACCOUNT-DELETED',
  accountNotActive: 'SBX-ACCOUNT-NOT-ACTIVE',
  noCredits: 'SBX-NO-CREDITS',
  recipientsRequired: 'SBX-RECIPIENTS-REQUIRED',
  tooManyRecipients: 'SBX-TOO-MANY-RECIPIENTS',
  scheduleInvalid: 'SBX-SCHEDULE-INVALID',
  scheduleTooSoon: 'SBX-SCHEDULE-TOO-SOON',
  scheduleTooFar: 'SBX-SCHEDULE-TOO-FAR',
  notScheduled: 'SBX-NOT-SCHEDULED',
  cursorInvalid: 'SBX-CURSOR-INVALID',
  templateNotFound: 'SBX-TEMPLATE-NOT-FOUND',
  templateDataInvalid: 'SBX-TEMPLATE-DATA-INVALID',
  internal: 'SBX-INTERNAL',
} as const;

export type RbcCode = (typeof rbcCodes)[keyof typeof rbcCodes];
export type SandboxCode = (typeof sandboxCodes)[keyof typeof sandboxCodes];
export type KaleyraErrorCode = RbcCode | SandboxCode;

/** Per-recipient trace codes (status_details) of the SMS status API. */
export const notSentTraces = [
  'NO-CREDITS',
  'NOT-ALLOWED',
  'OPT-OUT',
  'INV-MOB-PATTRN',
  'SENDER-ID-NOT-FOUND',
  'BLACKLIST',
  'DND-NUMB',
  'REJECTED-MULTIPART',
  'CANCELLED', // [ours] a scheduled message cancelled before its time
  'DLT-TEMPLATE-MISMATCH', // [ours] India DLT scrubbing: the body matches no registered template of the header
  'DLT-PROMO-HOURS', // [ours] India DLT scrubbing: a promotional message outside 09:00–21:00 IST
] as const;
export const undeliveredTraces = ['INV-NUMBER', 'ABSENT-SUB', 'MOB-OFF', 'EXPIRED', 'NET-ERR'] as const;
export type NotSentTrace = (typeof notSentTraces)[number];
export type UndeliveredTrace = (typeof undeliveredTraces)[number];
