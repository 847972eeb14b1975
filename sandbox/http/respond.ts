import type { ServerResponse } from 'node:http';
import { rbcCodes } from '../../shared/kaleyra/errors';
import type { SandboxError } from '../domain/errors';

/** Which of Kaleyra's two answer styles a route speaks. */
export type ApiStyle = 'platform' | 'sms' | 'admin';

export interface ApiResult {
  httpStatus: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Platform envelope: {"code":"RBC103","message":…,"data":…,"error":{},"status":200}. */
export function platformOk(data: unknown, httpStatus = 200, code: string = rbcCodes.success, message = 'Request successfully executed!'): ApiResult {
  return { httpStatus, body: { code, message, data, error: {}, status: httpStatus } };
}

export function errorBody(style: ApiStyle, error: SandboxError): unknown {
  const detail = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  switch (style) {
    case 'platform':
    case 'admin':
      return { code: error.code, message: error.message, data: null, error: detail, status: error.httpStatus };
    case 'sms':
      return { error: detail };
  }
}

export function writeJson(response: ServerResponse, result: ApiResult): void {
  const payload = JSON.stringify(result.body);
  response.writeHead(result.httpStatus, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...result.headers,
  });
  response.end(payload);
}
