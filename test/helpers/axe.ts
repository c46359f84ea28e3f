import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright';

export interface AxeFinding {
  id: string;
  impact: string;
  targets: string[];
}

/** The serious and critical WCAG findings of the page as it is now (axe-core through @axe-core/playwright). */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}
