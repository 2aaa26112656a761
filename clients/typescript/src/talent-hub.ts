/**
 * The Talent Hub API client: openapi-fetch over the types generated from `/openapi.json`
 * (`src/api.d.ts`). Every path, parameter, body and answer is typed from the schema, so a
 * change to the API that breaks a caller breaks its type-check first.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { paths } from "./api.js";

// The schema's types by name (`JobOut`, `JobPage`, `Problem`, ...), for callers to annotate with.
export type * from "./api.js";

export type TalentHubClient = Client<paths>;

export interface TalentHubOptions {
  /** Where the API is served: scheme, host and port. Paths start with `/api/v1`. */
  baseUrl: string;
  /** The current access token, read before every request; `undefined` while signed out. */
  accessToken?: () => string | undefined;
}

export function createTalentHubClient(options: TalentHubOptions): TalentHubClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl });
  const accessToken = options.accessToken;
  if (accessToken !== undefined) {
    // Read per request, not once: a token refreshed by the app is picked up by the next call.
    const bearer: Middleware = {
      onRequest({ request }) {
        const token = accessToken();
        if (token !== undefined) {
          request.headers.set("Authorization", `Bearer ${token}`);
        }
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}
