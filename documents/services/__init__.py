"""Documents: asking for one, rendering it in a worker exactly once (jobs), discussion notes and their
symbols, workshop reports. ``from documents import services`` keeps every public name of the modules.
"""

from .attendance import reprint_badge
from .jobs import (
    HEARTBEAT_SECONDS,
    MAX_ATTEMPTS,
    RENDER_TASK,
    STALE_AFTER,
    TRANSIENT_ERRORS,
    Outcome,
    claimant_gone,
    generate_pdf,
    give_up_job,
    render_job,
    render_snapshot,
    request_document,
    requeue_stale_jobs,
    retry_document_job,
    subject_for,
    this_worker,
    variant_for,
)
from .notes import (
    draft_discussion_note,
    issue_discussion_note,
    preview_discussion_note,
    redraft_discussion_note,
    update_discussion_note,
)
from .reports import save_workshop_outcomes
from .symbols import SYMBOL_PREFIX, allocate_symbol
