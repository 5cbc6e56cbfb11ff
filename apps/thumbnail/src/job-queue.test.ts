import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { JobQueue } from "./job-queue.js";
import { createThumbnailServer } from "./server.js";
import { noisePng } from "./testing/fixtures.js";
import { errorOf } from "./testing/results.js";

describe("job queue", () => {
  it("runs N calls at once, queues a few, refuses the rest as busy, then serves again", async () => {
    await using client = await Client.connect(
      createThumbnailServer({ logLevel: "silent", jobs: { concurrency: 1, maxQueue: 2 } }),
    );
    const data = (await noisePng(800, 800)).toString("base64");
    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        client.callTool("create_thumbnail", { image: { data }, width: 400, format: "avif" }),
      ),
    );
    const succeeded = burst.filter((result) => !result.isError);
    const busy = burst.filter((result) => result.isError);
    expect(succeeded).toHaveLength(3);
    expect(busy.map(errorOf)).toEqual(
      Array(3).fill(
        "The thumbnail server is busy (1 images in progress, 2 waiting). Retry in a few seconds.",
      ),
    );
    const after = await client.callTool("create_thumbnail", { image: { data }, width: 16 });
    expect(after.isError).toBeFalsy();
  });

  it("drops a waiting job when its call is cancelled", async () => {
    const queue = new JobQueue(1, 4);
    let release!: () => void;
    const running = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const waiting = queue.run(async () => "ran", { signal: controller.signal });
    expect(queue.queued).toBe(1);
    controller.abort(new Error("cancelled"));
    await expect(waiting).rejects.toThrow("cancelled");
    expect(queue.queued).toBe(0);
    release();
    await running;
    expect(queue.running).toBe(0);
    await expect(queue.run(async () => "next")).resolves.toBe("next");
  });

  it("keeps a slot taken while held native work runs on after the job gave up", async () => {
    const queue = new JobQueue(1, 0);
    let finish!: () => void;
    const native = new Promise<void>((resolve) => (finish = resolve));
    await expect(
      queue.run(async (hold) => {
        hold(native);
        throw new Error("deadline passed");
      }),
    ).rejects.toThrow("deadline passed");
    expect(queue.running).toBe(1);
    await expect(queue.run(async () => "too soon")).rejects.toThrow("The thumbnail server is busy");
    finish();
    await native;
    await expect.poll(() => queue.running).toBe(0);
    await expect(queue.run(async () => "now")).resolves.toBe("now");
  });
});
