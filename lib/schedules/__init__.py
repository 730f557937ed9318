from lib.schedules.status import PeriodStatus, Slot, count_per_slot, period_status, slot_of

__all__ = ["PeriodStatus", "Slot", "count_per_slot", "period_status", "slot_of"]
