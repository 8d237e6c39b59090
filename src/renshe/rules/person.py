"""The person whose statutory retirement age another rule needs (unemployment, disability).

Those rules take the same three inputs as `retirement` (birth or ID number, and the original
statutory category) and must judge them exactly as `retirement` does, so they inherit these
fields and derive the person through `RetirementInput` rather than parsing them again.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, PrivateAttr, ValidationError

from renshe.rules.months import Month
from renshe.rules.registry import input_error, private
from renshe.rules.retirement import Category, RetirementInput


class PersonInput(BaseModel):
    """birth / id_number / category, validated by the retirement rule's own input model."""

    birth: str | None = Field(
        None, title="出生年月", description="YYYY-MM 或 YYYY-MM-DD;与 id_number 至少填一项"
    )
    id_number: str | None = Field(None, title="居民身份证号码", description="可代替 birth")
    category: Category = Field(title="人员类别", description="male60 / female55 / female50(同 retirement)")

    _who: RetirementInput = PrivateAttr()

    def derive_person(self) -> None:
        """Validate the person as `retirement` does (ID check digit, sex vs category, range)."""
        try:
            self._who = RetirementInput.model_validate(
                {"birth": self.birth, "id_number": self.id_number, "category": self.category}
            )
        except ValidationError as err:
            raise input_error(err, RetirementInput) from None

    @property
    def birth_month(self) -> Month:
        who: RetirementInput = private(self, "_who")
        return who.birth_month
