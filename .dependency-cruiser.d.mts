import type { IConfiguration } from 'dependency-cruiser';

declare const layers: Required<Pick<IConfiguration, 'forbidden' | 'options'>>;
export default layers;
export declare const floors: Record<'CORE' | 'ADAPTERS' | 'ROUTE_HELPERS' | 'FEATURES' | 'ENTRY_POINTS', string>;
