import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../shared/errors';
import { isLoopbackHost, parseWorkspaceAddress, tlsOptionsFor } from '../../../electron/core/workspace/workspace-address';

describe('workspace address: TLS required except on this computer', () => {
  it('reads addresses as managed Postgres consoles print them', () => {
    expect(parseWorkspaceAddress('postgresql://db.eu-west-1.example.com:6543/campaigns?sslmode=require')).toEqual({
      host: 'db.eu-west-1.example.com',
      port: 6543,
      database: 'campaigns',
      sslMode: 'require',
    });
    expect(parseWorkspaceAddress('postgres://pg.example.in/acme%20team')).toEqual({
      host: 'pg.example.in',
      port: 5432,
      database: 'acme team',
      sslMode: 'verify-full',
    });
    expect(parseWorkspaceAddress('postgresql://127.0.0.1:5433/desk')).toMatchObject({ sslMode: 'disable' });
    expect(parseWorkspaceAddress('postgresql://localhost/desk?sslmode=prefer')).toMatchObject({ sslMode: 'disable' });
    expect(parseWorkspaceAddress('postgresql://[::1]:5432/desk?sslmode=disable')).toMatchObject({ host: '::1', sslMode: 'disable' });
  });

  it('refuses plain text to any other host, naming the fix', () => {
    for (const url of [
      'postgresql://db.example.com/desk?sslmode=disable',
      'postgresql://192.168.1.20/desk?sslmode=allow',
      'postgresql://[2001:db8::5]/desk?sslmode=prefer',
    ]) {
      let error: unknown;
      try {
        parseWorkspaceAddress(url);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DeskError);
      expect((error as DeskError).details.field).toBe('url');
      expect((error as DeskError).message).toMatch(/must be encrypted.*sslmode=verify-full/);
    }
  });

  it('checks certificates away from this computer', () => {
    expect(tlsOptionsFor({ host: 'db.example.com', port: 5432, database: 'd', sslMode: 'require' })).toEqual({
      rejectUnauthorized: true,
      servername: 'db.example.com',
    });
    expect(tlsOptionsFor({ host: '10.0.0.8', port: 5432, database: 'd', sslMode: 'verify-full' })).toEqual({ rejectUnauthorized: true });
    expect(tlsOptionsFor({ host: '127.0.0.1', port: 5432, database: 'd', sslMode: 'disable' })).toBe(false);
    expect(isLoopbackHost('127.8.9.10')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });
});
