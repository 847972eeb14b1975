import type { ApiResult, ApiStyle } from './respond';
import type { AccountRecord } from '../store/accounts-repository';
import type { SandboxServices } from '../domain/services';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface RouteContextBase {
  services: SandboxServices;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  now: number;
}

/** An account route: the caller's key was valid and may reach the path's `:sid`. */
export interface AccountRouteContext extends RouteContextBase {
  caller: AccountRecord;
  target: AccountRecord;
}

export interface AccountRoute {
  auth: 'account';
  method: HttpMethod;
  pattern: string;
  style: Exclude<ApiStyle, 'admin'>;
  /**
   * True for a route Kaleyra does not document (marked [ours] in kaleyra-api.md). A sandbox
   * started documented-only (`--kaleyra-only`) leaves these out, so they answer like unknown paths.
   */
  ours?: true;
  handle(context: AccountRouteContext): ApiResult;
}

/** [ours] loopback-only admin route guarded by the admin token. */
export interface AdminRoute {
  auth: 'admin';
  method: HttpMethod;
  pattern: string;
  style: 'admin';
  handle(context: RouteContextBase): ApiResult;
}

export type Route = AccountRoute | AdminRoute;

/**
 * The routes a sandbox serves: all of them, or, documented-only, every route but the [ours] API
 * routes. The loopback admin routes stay: they are the sandbox's own controls (its clock, the
 * simulation), not part of the API a client talks to.
 */
export function servedRoutes(routes: readonly Route[], { documentedOnly }: { documentedOnly: boolean }): Route[] {
  return documentedOnly ? routes.filter((route) => route.auth === 'admin' || route.ours !== true) : [...routes];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; style: ApiStyle; allowed: HttpMethod[] }
  | { kind: 'not-found'; style: ApiStyle };

export class Router {
  private readonly compiled: Array<{ route: Route; segments: string[] }>;

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.pattern.split('/').filter(Boolean) }));
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter(Boolean);
    const allowed: HttpMethod[] = [];
    let style: ApiStyle | undefined;
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
      style = route.style;
    }
    const guessed = style ?? styleForPath(path);
    return allowed.length > 0 ? { kind: 'method-not-allowed', style: guessed, allowed } : { kind: 'not-found', style: guessed };
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] ?? '';
    const part = parts[index] ?? '';
    if (segment.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(part);
      } catch {
        return undefined;
      }
      params[segment.slice(1)] = decoded;
    } else if (segment !== part) {
      return undefined;
    }
  }
  return params;
}

export function styleForPath(path: string): ApiStyle {
  if (path.startsWith('/api/')) return 'platform';
  if (path.startsWith('/__sandbox/')) return 'admin';
  return 'sms';
}
