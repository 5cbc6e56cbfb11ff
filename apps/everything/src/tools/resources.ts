import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";
import { RED_PIXEL_PNG } from "../media.js";

export const WATCHED_RESOURCE = "test://watched-resource";

/** Static text and binary resources, a template, and a resource clients can subscribe to. */
export function registerResources(mcp: FastMCP): void {
  mcp.resource(
    "test://static-text",
    { name: "static-text", description: "A fixed text resource.", mimeType: "text/plain" },
    () => "This is the content of the static text resource.",
  );
  mcp.resource(
    "test://static-binary",
    { name: "static-binary", description: "A fixed binary resource (a PNG image).", mimeType: "image/png" },
    () => RED_PIXEL_PNG,
  );
  mcp.resource(
    "test://template/{id}/data",
    {
      name: "template-data",
      description: "JSON data for any id.",
      mimeType: "application/json",
      complete: { id: (value) => ["123", "456", "789"].filter((id) => id.startsWith(value)) },
    },
    ({ id }) => ({ id, templateTest: true, data: `Data for ID: ${id}` }),
  );
  let revision = 0;
  mcp.resource(
    WATCHED_RESOURCE,
    {
      name: "watched-resource",
      description: "A resource that changes when update_watched_resource is called; subscribe to hear of it.",
      mimeType: "text/plain",
    },
    () => `Watched resource content, revision ${revision}.`,
  );
  mcp.tool(
    {
      name: "update_watched_resource",
      description: `Changes ${WATCHED_RESOURCE}, notifying every client subscribed to it.`,
      input: { times: z.number().int().min(1).max(10).default(1).describe("How many updates to make") },
    },
    async ({ times }) => {
      for (let update = 0; update < times; update++) {
        revision++;
        await mcp.notifyResourceUpdated(WATCHED_RESOURCE);
      }
      return `${WATCHED_RESOURCE} is now at revision ${revision}`;
    },
  );
}
