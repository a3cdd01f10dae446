from django.db import models


class TaskFailure(models.Model):
    """A background task that failed after its retries, shown on the desk until it succeeds again.

    The same failure again (same task, arguments and error) counts up on one row.
    """

    task = models.CharField("任务", max_length=200)
    arguments = models.TextField("参数", blank=True)
    error = models.TextField("错误")
    traceback = models.TextField("调用栈", blank=True)
    count = models.PositiveIntegerField("失败次数", default=1)
    first_failed_at = models.DateTimeField("首次失败", auto_now_add=True)
    last_failed_at = models.DateTimeField("最近失败")
    resolved_at = models.DateTimeField(
        "已恢复",
        null=True,
        blank=True,
        help_text="同一任务之后又成功运行的时间;为空表示仍待处理。",
    )

    class Meta:
        verbose_name = "后台任务失败"
        verbose_name_plural = "后台任务失败"
        ordering = ["-last_failed_at"]
        indexes = [models.Index(fields=["task", "resolved_at"])]

    def __str__(self):
        return f"{self.task}:{self.error[:60]}"
