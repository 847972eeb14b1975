import { subaccountCalls } from '../../../shared/calls/subaccounts';
import { defineHandlers } from '../define-handlers';

export const subaccountHandlers = defineHandlers(subaccountCalls, (s) => ({
  'subaccounts.list': (filter) => s.subaccounts.list(s.requireActiveProfile().id, filter),
  'subaccounts.parentFunds': () => s.subaccountAdmin.parentFunds(s.requireActiveProfile()),
  'subaccounts.create': (input) => s.subaccountAdmin.create(s.requireActiveProfile(), input),
  'subaccounts.get': ({ sid }) => s.subaccountAdmin.get(s.requireActiveProfile(), sid),
  'subaccounts.edit': ({ sid, ...edit }) => s.subaccountAdmin.edit(s.requireActiveProfile(), sid, edit),
  'subaccounts.recharge': ({ sid, amountMinor }) => s.subaccountAdmin.moveCredit(s.requireActiveProfile(), 'recharge', sid, amountMinor),
  'subaccounts.withdraw': ({ sid, amountMinor }) => s.subaccountAdmin.moveCredit(s.requireActiveProfile(), 'withdraw', sid, amountMinor),
  'subaccounts.suspend': ({ sid }) => s.subaccountAdmin.setSuspended(s.requireActiveProfile(), sid, { suspended: true }),
  'subaccounts.activate': ({ sid }) => s.subaccountAdmin.setSuspended(s.requireActiveProfile(), sid, { suspended: false }),
  'subaccounts.delete': ({ sid, confirmName }) => s.subaccountAdmin.delete(s.requireActiveProfile(), sid, confirmName),
  'subaccounts.creditHistory': (query) => s.subaccountAdmin.creditHistory(s.requireActiveProfile(), query),
}));
