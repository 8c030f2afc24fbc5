"""App config for access; registers the read audit's projector."""

from __future__ import annotations

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "sabt.access"
    label = "access"

    def ready(self) -> None:
        from sabt.access import audit, projector  # noqa: PLC0415
        from sabt.access.models import ReadAudit  # noqa: PLC0415
        from sabt.ledger_store.keyring import register_naming_finder  # noqa: PLC0415
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415

        register(Projector(prefix="audit.", apply=projector.apply, models=[ReadAudit]))
        # Search words destroyed with a subject. Other apps hold "subject."
        # and "subject.shredded": this prefix is a third for the same events.
        register(
            Projector(prefix="subject.shred", apply=projector.apply_shredded, models=[])
        )
        register_naming_finder(audit.words_naming)
        self._seal_totp_seeds()
        self._forget_memberships_on_change()

    def _forget_memberships_on_change(self) -> None:
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from sabt.access.models import Membership  # noqa: PLC0415
        from sabt.access.policy import memberships_changed  # noqa: PLC0415

        for signal in (post_save, post_delete):
            signal.connect(memberships_changed, sender=Membership, dispatch_uid=signal)

    def _seal_totp_seeds(self) -> None:
        from django.db.models.signals import pre_save  # noqa: PLC0415
        from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

        from sabt.access.models import SealedTOTPDevice  # noqa: PLC0415
        from sabt.access.seeds import seal_device_key  # noqa: PLC0415

        for model in (TOTPDevice, SealedTOTPDevice):
            pre_save.connect(seal_device_key, sender=model, dispatch_uid=model)
