from django.core.management.base import BaseCommand, CommandError

from eventbus.dead_letters import dead_letter_retry
from eventbus.models import DeadLetter


class Command(BaseCommand):
    help = "Delivers parked events (dead letters) again: the ids given, or every unresolved one with --all."

    def add_arguments(self, parser):
        parser.add_argument("letter_ids", nargs="*", type=int, metavar="ID")
        parser.add_argument("--all", action="store_true", dest="every", help="every unresolved dead letter")

    def handle(self, *args, letter_ids, every, **options):
        if every == bool(letter_ids):
            raise CommandError("give dead-letter ids, or --all")
        if every:
            letter_ids = list(
                DeadLetter.objects.filter(resolved_at__isnull=True).order_by("id").values_list("id", flat=True)
            )
        failed = 0
        for letter_id in letter_ids:
            try:
                letter = dead_letter_retry(letter_id=letter_id)
            except DeadLetter.DoesNotExist:
                raise CommandError(f"no dead letter {letter_id}") from None
            if letter.resolved_at:
                self.stdout.write(self.style.SUCCESS(f"{letter_id}: {letter} delivered"))
            else:
                failed += 1
                self.stdout.write(self.style.WARNING(f"{letter_id}: {letter} failed again: {letter.error}"))
        if failed:
            raise CommandError(f"{failed} of {len(letter_ids)} dead letters failed again")
