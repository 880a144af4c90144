package io.switchboard.auth.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.BindingRefused;
import io.switchboard.auth.domain.LoginNotFound;
import io.switchboard.auth.domain.QrLogin;
import io.switchboard.auth.store.LoginStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Reads a login for a browser: {@link LoginNotFound} when unknown, {@link BindingRefused} without its binding, expired when overdue. */
@ApplicationScoped
public class LoginReader {
    private final LoginStore store;
    private final Expiry expiry;
    private final BrowserBinding binding;

    LoginReader(LoginStore store, Expiry expiry, BrowserBinding binding) {
        this.store = store;
        this.expiry = expiry;
        this.binding = binding;
    }

    /** The login as it is now; a live login past its deadline is expired first (needs no notification). */
    public Uni<QrLogin> find(String loginId) {
        return store.find(loginId).flatMap(found -> {
            QrLogin login = found.orElseThrow(() -> new LoginNotFound(loginId));
            if (!login.overdue(Instant.now())) {
                return Uni.createFrom().item(login);
            }
            return expiry.expire(loginId).chain(() -> store.find(loginId))
                    .map(again -> again.orElseThrow(() -> new LoginNotFound(loginId)));
        });
    }

    /** {@link #find} for the browser holding the binding secret only. */
    public Uni<QrLogin> findBound(String loginId, String bindingSecret) {
        return find(loginId).invoke(login -> checkBinding(login, bindingSecret));
    }

    public void checkBinding(QrLogin login, String bindingSecret) {
        if (bindingSecret == null || bindingSecret.isEmpty()) {
            throw new BindingRefused(BindingRefused.Reason.MISSING);
        }
        if (!binding.matches(bindingSecret, login.bindingHash())) {
            throw new BindingRefused(BindingRefused.Reason.MISMATCH);
        }
    }
}
