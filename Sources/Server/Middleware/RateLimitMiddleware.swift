// Applies the per-key rate limit after authentication: 429 with Retry-After when exceeded.
import Hummingbird

struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let key = context.principal?.keyID, let wait = limiter.acquire(key) {
            var error = APIError(.tooManyRequests, "rate_limited", "more than \(limiter.rate) requests per second with this key")
            error.retryAfterSeconds = max(1, Int(wait.rounded(.up)))
            throw error
        }
        return try await next(request, context)
    }
}
