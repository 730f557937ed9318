from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from org.models import Department, DepartmentAlias, DepartmentGroup, Organisation, User
from org.scoping import is_registered, restrict


class ScopedAdmin:
    """Mixed into every ModelAdmin and inline of our apps: a non-superuser (创文办 with staff rights)
    sees, opens and picks in foreign keys only rows of their own organisation, by org.scoping's rules."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else restrict(queryset, request.user)

    def _scoped_choices(self, db_field, request, kwargs):
        if not request.user.is_superuser and is_registered(db_field.related_model):
            kwargs["queryset"] = restrict(db_field.related_model._default_manager.all(), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        """Filters by a related model offer only the values present in the scoped rows, not every
        organisation's (RelatedFieldListFilter would list them all)."""
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [(name, admin.RelatedOnlyFieldListFilter)
                if isinstance(name, str) and get_fields_from_path(self.model, name)[-1].is_relation else name
                for name in filters]


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name"]


class AliasInline(ScopedAdmin, admin.TabularInline):
    model = DepartmentAlias
    extra = 1


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "order"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "aliases__alias"]
    raw_id_fields = ["head"]
    inlines = [AliasInline]


@admin.register(DepartmentGroup)
class DepartmentGroupAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "organisation", "kinds", "name_contains"]
    filter_horizontal = ["extra_members"]


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("创文通", {"fields": ("full_name", "organisation", "role", "departments", "must_change_password")}),
    )
    filter_horizontal = ["departments", "groups", "user_permissions"]
