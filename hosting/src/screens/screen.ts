import type { Api, Me, Tenant } from '../api';
import type { Role } from '../roles';

export interface ScreenContext {
  api: Api;
  me: Me;
  tenant: Tenant;
}

/** One navigation entry of the console. Later screens are added to the list in screens/index.ts. */
export interface Screen {
  id: string;
  label: string;
  minRole: Role;
  render(ctx: ScreenContext): Promise<Node>;
}
