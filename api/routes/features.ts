// Mounts the feature routers (staff console API, content, analysis). Each feature adds one line.
import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { articleRoutes } from './articles.ts';
import { guidancePages } from './guidance-pages.ts';
import { guideRuleRoutes } from './guide-rules.ts';
import { publicReceptionRoutes, staffReceptionRoutes } from './reception-days.ts';
import { authRoutes } from './auth.ts';
import { staffAdminRoutes } from './staff-admin.ts';
import { staffCaseRoutes } from './staff-cases.ts';
import './staff-openapi.ts';
import './security-openapi.ts';
import { analysisRoutes } from './analysis.ts';
import { ledgerRoutes } from './ledger.ts';
import { bulletinRoutes } from './bulletins.ts';
import { portalForms } from './portal-forms.ts';
import { synonymRoutes } from './search-synonyms.ts';
import { aliasRoutes } from './aliases.ts';
import { documentRoutes } from './documents.ts';
import { procedureRoutes } from './procedure.ts';
import { letterRoutes } from './letters.ts';
import { suggestionRoutes } from './suggestions.ts';

export function mountFeatures(app: Hono<AppEnv>) {
  app.route('/api/auth', authRoutes);
  app.route('/api/staff', staffCaseRoutes);
  app.route('/api/staff', analysisRoutes);
  app.route('/api/staff/ledger', ledgerRoutes);
  app.route('/api/staff/bulletins', bulletinRoutes);
  app.route('/api/staff', procedureRoutes);
  app.route('/api/staff', staffAdminRoutes);
  app.route('/api/staff', aliasRoutes);
  app.route('/api/staff', documentRoutes);
  app.route('/api/staff/articles', articleRoutes);
  app.route('/api/staff/reception-days', staffReceptionRoutes);
  app.route('/api/public/reception-days', publicReceptionRoutes);
  app.route('/api/staff/guide', guideRuleRoutes);
  app.route('/api/staff/letters', letterRoutes);
  app.route('/api/staff', suggestionRoutes);
  app.route('/api/staff/guidance/synonyms', synonymRoutes);
  app.route('/', guidancePages);
  app.route('/', portalForms);
  void app;
}
