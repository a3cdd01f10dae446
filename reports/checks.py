"""The statistics page draws its charts with ECharts, installed from npm (package.json)."""

from django.conf import settings
from django.core.checks import Warning, register

ECHARTS = settings.BASE_DIR / "node_modules" / "echarts" / "dist" / "echarts.min.js"


@register()
def echarts_installed(app_configs, **kwargs):
    if ECHARTS.is_file():
        return []
    return [
        Warning(
            "没有找到 ECharts:信息报送统计只显示数据表,不画图表。",
            hint="在项目目录运行 npm ci(package.json 固定了 echarts 的版本)。",
            obj=str(ECHARTS),
            id="reports.W001",
        )
    ]
