// The admin API of lms-sync-service, on the console's own origin, with the signed-in user's token.
import type { Principal } from './auth';

/** A refused or failed call, with the problem+json detail when the API sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null
  ) {
    super(message);
  }
}

export class Api {
  constructor(
    private readonly principal: Principal,
    readonly tenant: string,
    private readonly onUnauthorized: () => void
  ) {}

  get canWrite(): boolean {
    return this.principal.roles.includes('admin');
  }

  tenantPath(path: string): string {
    return `/v1/admin/tenants/${encodeURIComponent(this.tenant)}${path}`;
  }

  async raw(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${this.principal.token}`);
    if (init.body && !headers.has('Content-Type')) {
      headers.set('Content-Type', 'application/json');
    }
    const response = await fetch(path, { ...init, headers });
    if (response.status === 401) {
      this.onUnauthorized();
    }
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      let field: string | null = null;
      try {
        const problem = (await response.json()) as { title?: string; detail?: string; field?: string };
        message = problem.detail ?? problem.title ?? message;
        field = problem.field ?? null;
      } catch {
        // not problem+json: the status line says it
      }
      throw new ApiError(response.status, message, field);
    }
    return response;
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.raw(path, init);
    return (response.status === 204 ? null : await response.json()) as T;
  }
}
