// Mounts the feature routers (staff console API, content, analysis). Each feature adds one line.
import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

export function mountFeatures(app: Hono<AppEnv>) {
  void app;
}
