/** Loads the validated configuration, cached briefly per warm function instance. */
import { resolveConfig, type AppConfig } from '../core/config';
import { DomainError } from '../core/errors';
import type { Db } from '../ports/db';
import { dbGet } from '../runtime/dbHelpers';
import { C } from './collections';

const TTL_MS = 30_000;
let cached: { at: number; db: Db; config: AppConfig } | null = null;

export async function loadConfig(db: Db, now: number): Promise<AppConfig> {
  if (cached && cached.db === db && now - cached.at < TTL_MS && now >= cached.at) return cached.config;
  const stored = await dbGet<Record<string, unknown>>(db, C.config, 'app');
  const { _id: _ignored, ...sections } = stored ?? {};
  let config: AppConfig;
  try {
    config = resolveConfig(stored ? sections : null);
  } catch (error) {
    throw new DomainError('CONFIG.INVALID', `系统配置有误，请联系管理员：${(error as Error).message.slice(0, 200)}`);
  }
  cached = { at: now, db, config };
  return config;
}

/** Tests and the config editor call this after writing the config document. */
export const forgetConfig = (): void => {
  cached = null;
};
