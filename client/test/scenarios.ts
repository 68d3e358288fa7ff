import scenarios from './scenarios.json';
import { registerCodeActionTests, registerFixTests } from './suites/code-actions';
import { registerDiagnosticTests } from './suites/diagnostics';
import { registerHoverTests } from './suites/hovers';
import { registerMultiRootTests } from './suites/multi-root';
import { registerNotebookTests } from './suites/notebooks';
import { registerPackagedTests } from './suites/packaged';
import { registerProjectTests } from './suites/project';
import { registerRestrictedTests } from './suites/restricted';
import { registerSettingsTests } from './suites/settings';

/**
 * One workspace the runners open, as listed in scenarios.json (which the runners read too):
 * its fixture relative to client/test/fixtures, whether it is trusted, and whether the extension
 * comes from the packaged .vsix instead of the source folder.
 */
export interface Scenario {
  name: ScenarioName;
  description: string;
  workspace: string | null;
  trusted: boolean;
  packaged: boolean;
}

export type ScenarioName = 'single-file' | 'project' | 'multi-root' | 'restricted' | 'packaged';

/**
 * The suites each scenario runs. A new feature's tests go in a file under suites/ and are listed
 * here for every workspace they make sense in.
 */
export const SUITES: Record<ScenarioName, ((scenario: Scenario) => void)[]> = {
  'single-file': [registerDiagnosticTests, registerFixTests],
  project: [registerProjectTests, registerSettingsTests, registerHoverTests, registerCodeActionTests, registerNotebookTests],
  'multi-root': [registerMultiRootTests],
  restricted: [registerRestrictedTests, registerHoverTests],
  packaged: [registerPackagedTests, registerProjectTests],
};

export function scenarioByName(name: string): Scenario {
  const found = (scenarios as Scenario[]).find((s) => s.name === name);
  if (!found) throw new Error(`unknown end-to-end scenario '${name}' (SSL_LENS_E2E_SCENARIO); known: ${scenarios.map((s) => s.name).join(', ')}`);
  return found;
}
