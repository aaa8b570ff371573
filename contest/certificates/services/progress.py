"""What a certificate batch's page may truthfully say: printing, waiting, stalled, failed, done.

A batch row says QUEUED or RUNNING from the moment it is started; whether anything is printing is
a question for the job queue: is the batch's job waiting, held by a live worker, or left RUNNING
by a worker that died? The answer decides the words and whether the organiser may resume it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from contest.certificates.enums import BatchStatus
from contest.core.services import workers


@dataclass(frozen=True)
class BatchState:
    key: str  # "done", "failed", "printing", "waiting", "no_worker", "stalled"
    label: str
    message: str
    resumable: bool
    refusal: str = ""

    @property
    def moving(self) -> bool:
        """Whether the batch will change without anyone doing anything."""
        return self.key in ("printing", "waiting")


def batch_state(batch) -> BatchState:
    remaining = max(batch.total - batch.done, 0)
    if batch.status == BatchStatus.DONE:
        return BatchState("done", _("Hoàn tất"), "", False, _("Đợt cấp này đã hoàn tất."))
    if batch.status == BatchStatus.FAILED:
        return BatchState(
            "failed",
            _("Lỗi"),
            _(
                "Việc in dừng vì lỗi; còn %(n)s giấy chưa in. "
                "Sửa nguyên nhân (ví dụ lời văn quá dài) rồi Ban Tổ chức bấm “In tiếp”."
            )
            % {"n": remaining},
            True,
        )
    if not workers.uses_database_queue():
        # Jobs run at once in this process (tests, a one-off script): nothing can stall unseen.
        return BatchState("printing", _("Đang in"), "", False, _("Đợt cấp này đang được in."))
    since = batch.queued_at or batch.requested_at
    job = workers.job_state(batch.task_id, since=since)
    if job.status == "running":
        return BatchState(
            "printing",
            _("Đang in"),
            _("Trang tự cập nhật; có thể đóng trang, việc in vẫn tiếp tục."),
            False,
            _("Đợt cấp này đang được in."),
        )
    if job.status == "waiting":
        if job.workers_alive:
            return BatchState(
                "waiting",
                _("Đang chờ"),
                _("Việc in sẽ bắt đầu khi tiến trình nền rảnh; trang tự cập nhật."),
                False,
                _("Đợt cấp này đang chờ in."),
            )
        return BatchState(
            "no_worker",
            _("Đang chờ"),
            _(
                "Chưa có tiến trình nền nào chạy nên việc in chưa thể bắt đầu. Hãy báo bộ phận kỹ thuật "
                "khởi động tiến trình nền (dịch vụ dvk-worker); việc in sẽ tự bắt đầu."
            ),
            False,
            _("Đợt cấp này đang chờ tiến trình nền; hãy khởi động tiến trình nền."),
        )
    message = _(
        "Việc in đã dừng giữa chừng (tiến trình nền bị tắt hoặc máy chủ khởi động lại); còn %(n)s giấy chưa in. "
        "Ban Tổ chức bấm “In tiếp” để in nốt phần còn lại."
    ) % {"n": remaining}
    if not job.workers_alive:
        message += " " + _("Hiện chưa có tiến trình nền nào chạy: hãy báo bộ phận kỹ thuật khởi động lại.")
    return BatchState("stalled", _("Tạm dừng"), message, True)
