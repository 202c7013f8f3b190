import type { Api } from '../api';

/** What a screen gets: the API for the signed-in user's tenant, where to draw, the route's rest. */
export interface Screen {
  api: Api;
  main: HTMLElement;
  params: string[];
}

/** Stops what a screen left running (polling, charts) when the route changes. */
export type Cleanup = () => void;
