// Runs one load in a process of its own: Shopify deliveries cycling over signed bodies sent by
// the parent. The bench process also hosts the Shopify fake, which the app's jobs call while
// the load runs; a load generator sharing that thread would slow down whenever the app's jobs
// did their work, and the app would be measured waiting for requests.
import { runLoad } from "./load";
import { cycleDeliveries, type SignedBody } from "./shopify-deliveries";

type Message = { url: string; shop: string; pool: SignedBody[]; seconds: number; rate?: number };

process.once("message", (message: Message) => {
  runLoad(message.url, cycleDeliveries(message.shop, message.pool), { seconds: message.seconds, rate: message.rate })
    .then((result) => process.send!(result, () => process.exit(0)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
