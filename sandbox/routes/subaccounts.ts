import { createSubaccountRequest, patchSubaccountRequest, rechargeRequest } from '../../shared/kaleyra/subaccount';
import { rbcCodes, sandboxCodes } from '../../shared/kaleyra/errors';
import type { AccountRoute, AccountRouteContext } from '../http/router';
import { platformOk } from '../http/respond';
import { parseRequest } from '../http/validate';
import type { AccountRecord } from '../store/accounts-repository';
import { SandboxError } from '../domain/errors';
import { toWireSubaccount } from './wire';

const BASE = '/api/v1/:sid/subaccounts';

/** Only a parent's own key manages its sub-accounts; a sub-account can never create or manage them. */
function managingParent(context: AccountRouteContext): AccountRecord {
  if (context.target.parentSid !== null || context.caller.sid !== context.target.sid) {
    throw new SandboxError(403, sandboxCodes.subaccountCannotManage, 'sub-accounts cannot manage sub-accounts');
  }
  return context.target;
}

function subSid(context: AccountRouteContext): string {
  return context.params['subSid'] ?? '';
}

export const subaccountRoutes: AccountRoute[] = [
  {
    auth: 'account',
    method: 'GET',
    pattern: BASE,
    style: 'platform',
    handle(context) {
      const { services, now } = context;
      const parent = managingParent(context);
      return platformOk(services.subaccounts.list(parent).map((sub) => toWireSubaccount(services.store, sub, now)));
    },
  },
  {
    auth: 'account',
    method: 'POST',
    pattern: BASE,
    style: 'platform',
    handle(context) {
      const { services, now } = context;
      const parent = managingParent(context);
      const request = parseRequest(createSubaccountRequest, context.body);
      const created = services.subaccounts.create(parent, request, now);
      return platformOk(toWireSubaccount(services.store, created, now), 201);
    },
  },
  {
    auth: 'account',
    method: 'GET',
    pattern: `${BASE}/:subSid`,
    style: 'platform',
    handle(context) {
      const { services, now } = context;
      const sub = services.subaccounts.get(managingParent(context), subSid(context));
      return platformOk(toWireSubaccount(services.store, sub, now));
    },
  },
  {
    auth: 'account',
    method: 'PATCH',
    pattern: `${BASE}/:subSid`,
    style: 'platform',
    handle(context) {
      const { services, now } = context;
      const parent = managingParent(context);
      const request = parseRequest(patchSubaccountRequest, context.body);
      return platformOk(toWireSubaccount(services.store, services.subaccounts.update(parent, subSid(context), request, now), now));
    },
  },
  {
    auth: 'account',
    method: 'DELETE',
    pattern: `${BASE}/:subSid`,
    style: 'platform',
    handle(context) {
      const { services, now } = context;
      const deleted = services.subaccounts.delete(managingParent(context), subSid(context), now);
      return platformOk(toWireSubaccount(services.store, deleted, now), 200, rbcCodes.deleted, 'Account deleted successfully!');
    },
  },
  {
    auth: 'account',
    method: 'POST',
    pattern: `${BASE}/:subSid/recharges`,
    style: 'platform',
    handle(context) {
      const { services, now } = context;
      const parent = managingParent(context);
      const request = parseRequest(rechargeRequest, context.body);
      return platformOk(toWireSubaccount(services.store, services.subaccounts.recharge(parent, subSid(context), request.amount, now), now));
    },
  },
  ...(['suspend', 'activate'] as const).map((action): AccountRoute => ({
    auth: 'account',
    method: 'POST',
    pattern: `${BASE}/:subSid/${action}`,
    style: 'platform',
    ours: true,
    handle(context) {
      const { services, now } = context;
      const sub = services.subaccounts.setSuspended(managingParent(context), subSid(context), action === 'suspend', now);
      return platformOk(toWireSubaccount(services.store, sub, now));
    },
  })),
];
