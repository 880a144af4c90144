package io.switchboard.notify.rest;

import io.smallrye.mutiny.Uni;
import io.switchboard.common.problem.Problem;
import io.switchboard.common.problem.ProblemException;
import io.switchboard.notify.domain.ReminderOutcome;
import io.switchboard.notify.service.Reminders;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/orders/{orderId}/reminders} (role customer): remind the shop about one's order. */
@Path("/api/orders/{orderId}/reminders")
@RolesAllowed("customer")
@Tag(name = "reminders")
@SecurityRequirement(name = "jwt")
public class ReminderResource {
    private final Reminders reminders;
    private final JsonWebToken jwt;

    ReminderResource(Reminders reminders, JsonWebToken jwt) {
        this.reminders = reminders;
        this.jwt = jwt;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Remind the shop about an order", description = "Delivered to shop:{shopId} as order.reminder.")
    @APIResponse(responseCode = "202", description = "Reminder sent")
    @APIResponse(responseCode = "403", description = "Not the caller's order (not_your_order)")
    @APIResponse(responseCode = "404", description = "No order.placed event known for it (order_not_found)")
    @APIResponse(responseCode = "429", description = "Reminded too recently (reminder_too_soon); see Retry-After")
    public Uni<Response> remind(@PathParam("orderId") String orderId) {
        return reminders.remind(orderId, jwt.getSubject()).map(ReminderResource::toResponse);
    }

    private static Response toResponse(ReminderOutcome outcome) {
        if (outcome instanceof ReminderOutcome.Sent sent) {
            return Response.accepted(sent).build();
        }
        if (outcome instanceof ReminderOutcome.UnknownOrder u) {
            throw ProblemException.of(404, "order_not_found", "Order not found", "no order " + u.orderId() + " is known");
        }
        if (outcome instanceof ReminderOutcome.NotYours n) {
            throw ProblemException.of(403, "not_your_order", "Not your order", "order " + n.orderId() + " belongs to another customer");
        }
        ReminderOutcome.TooSoon t = (ReminderOutcome.TooSoon) outcome;
        long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
        throw new ProblemException(Problem.of(429, "reminder_too_soon", "Reminder too soon",
                "order " + t.orderId() + " was reminded recently; try again in " + seconds + " s"),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
