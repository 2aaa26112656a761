/**
 * Register, sign in, post a job and find it in the list of open jobs, through the generated
 * client against a running server (`TALENT_HUB_URL`, default http://127.0.0.1:8000).
 * Any answer other than the one expected ends the program with a non-zero exit status.
 *
 * CI runs it (`.ci/typescript-client`); it is also a short tour of the client for a frontend.
 */
import { randomUUID } from "node:crypto";

import { type JobCreate, createTalentHubClient } from "./talent-hub.js";

/** What every openapi-fetch call resolves to: the parsed body of a success or of an error. */
interface Answer<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** The body of `answer` if the server answered `status`; otherwise stop with what it said. */
function expectStatus<Data>(step: string, answer: Answer<Data>, status: number): Data {
  const { data, error, response } = answer;
  if (response.status !== status || data === undefined) {
    const said = JSON.stringify(error ?? data);
    throw new Error(`${step}: expected ${status}, got ${response.status}: ${said}`);
  }
  return data;
}

async function main(baseUrl: string): Promise<void> {
  let accessToken: string | undefined;
  const api = createTalentHubClient({ baseUrl, accessToken: () => accessToken });
  // A run of its own: a fresh account, and a job its search finds among any others.
  const marker = randomUUID().replaceAll("-", "").slice(0, 12);
  const email = `client-${marker}@example.com`;
  const password = "a long enough passphrase";

  const user = expectStatus(
    "register",
    await api.POST("/api/v1/auth/register", {
      body: { email, password, full_name: "Client Check" },
    }),
    201,
  );
  const tokens = expectStatus(
    "login",
    await api.POST("/api/v1/auth/login", { body: { email, password } }),
    200,
  );
  accessToken = tokens.access_token;

  const job: JobCreate = {
    title: `TypeScript engineer ${marker}`,
    description: "Build the frontend on the generated client.",
    company_name: "Client Check Ltd",
    employment_type: "full_time",
    remote: true,
    tags: ["typescript"],
    status: "open",
  };
  const created = expectStatus("create a job", await api.POST("/api/v1/jobs", { body: job }), 201);
  if (created.owner_id !== user.id || created.status !== "open") {
    throw new Error(`create a job: the answer does not match: ${JSON.stringify(created)}`);
  }

  const page = expectStatus(
    "list jobs",
    await api.GET("/api/v1/jobs", { params: { query: { q: marker, sort: "-created_at" } } }),
    200,
  );
  if (!page.items.some((listed) => listed.id === created.id)) {
    throw new Error(`list jobs: job ${created.id} is missing from ${JSON.stringify(page.items)}`);
  }
  console.log(`${user.email} posted job ${created.id}; the list of open jobs shows it.`);
}

try {
  await main(process.env.TALENT_HUB_URL ?? "http://127.0.0.1:8000");
} catch (failure) {
  console.error(failure instanceof Error ? failure.message : failure);
  process.exitCode = 1;
}
