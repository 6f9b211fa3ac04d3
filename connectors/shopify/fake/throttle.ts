// The Admin GraphQL leaky bucket of one app on one shop: requested cost is taken before execution, the
// difference to the actual cost is refunded afterwards, points restore continuously.
export type ThrottleSettings = { capacity: number; restoreRate: number };

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

export const DEFAULT_THROTTLE: ThrottleSettings = { capacity: 2000, restoreRate: 100 };

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    private settings: ThrottleSettings,
    private readonly now: () => number,
  ) {
    this.available = settings.capacity;
    this.updatedAt = now();
  }

  configure(settings: Partial<ThrottleSettings> & { currentlyAvailable?: number }): void {
    this.refill();
    this.settings = { capacity: settings.capacity ?? this.settings.capacity, restoreRate: settings.restoreRate ?? this.settings.restoreRate };
    this.available = Math.min(settings.currentlyAvailable ?? this.available, this.settings.capacity);
  }

  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.settings.capacity, this.available + points);
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.settings.capacity, currentlyAvailable: Math.floor(this.available), restoreRate: this.settings.restoreRate };
  }

  private refill(): void {
    const at = this.now();
    const elapsedSeconds = Math.max(0, at - this.updatedAt) / 1000;
    this.available = Math.min(this.settings.capacity, this.available + elapsedSeconds * this.settings.restoreRate);
    this.updatedAt = at;
  }
}
