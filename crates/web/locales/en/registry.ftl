# Registry: organizations, members, sectors, assemblies and seat plans.
registry-organizations-title = Organizations
registry-organizations-none = No organizations are registered yet.
registry-organization-new = New organization
registry-organization-edit = Edit organization
registry-organizations-import = Import organizations (CSV)
registry-organizations-import-help = One row per organization. The parent is the short name of a registered organization or of an earlier row of the file. Kinds: confederation, federation, union, party, other. Dates YYYY-MM-DD.
registry-membership-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
registry-term-lapsed = term lapsed
registry-export-csv = Download CSV
registry-edit = Edit
registry-save = Save
registry-children = Member organizations
registry-kind-confederation = Confederation
registry-kind-federation = Federation
registry-kind-union = Union
registry-kind-party = Party
registry-kind-other = Other
registry-field-name = Name
registry-field-short-name = Short name
registry-field-kind = Kind
registry-field-sector = Sector
registry-field-department = Department
registry-field-parent = Parent organization
registry-field-membership = Declared membership
registry-field-term = Leadership term
registry-field-term-from = Term from
registry-field-term-to = Term to
registry-field-member-count = Registered members
registry-field-member-number = Member number
registry-field-phone = Phone
registry-field-email = E-mail
registry-field-contact = Contact
registry-field-line = Line
registry-field-organization = Organization
registry-field-key = Key
registry-field-colour = Colour
registry-field-slug = Address (slug)
registry-field-level = Level
registry-field-parent-assembly = National assembly it belongs to
registry-secretaries = Secretaries
registry-secretaries-none = This organization has no secretary assigned.
registry-secretary-account = Account
registry-secretary-assign = Make secretary
registry-members = Members
registry-members-none = No members are registered yet.
registry-members-import = Import members (CSV)
registry-members-import-title = Import members of { $org }
registry-members-import-help = One row per member. Required: member_number and name. The organization column (short name) is optional. Nothing is saved until the file has no problems and you confirm.
registry-member-add = Add member
registry-member-remove = Remove
registry-member-edit = Correct member
registry-secretary-remove = Remove
registry-import-paste = Paste the spreadsheet
registry-import-csv = CSV content (comma or semicolon separated, with a header)
registry-import-preview = Check
registry-import-clean = { $count ->
    [one] The file has no problems: 1 row ready to import.
   *[other] The file has no problems: { $count } rows ready to import.
}
registry-import-confirm = { $count ->
    [one] Confirm and import 1 row
   *[other] Confirm and import { $count } rows
}
registry-import-problems = { $count ->
    [one] The file has 1 problem. Nothing was imported; fix it and check again.
   *[other] The file has { $count } problems. Nothing was imported; fix them and check again.
}
registry-sectors-title = Sectors
registry-sector-new = New sector
registry-sector-create = Create sector
registry-assembly-new = New assembly
registry-assembly-create = Create assembly
registry-level-national = National
registry-level-departmental = Departmental
registry-plan-title = Seat plan
registry-plan-version = Version { $version }
registry-plan-see-seats = See seats by organization
registry-plan-voting = Voting seats
registry-plan-attached = Attached seats (voice, no vote)
registry-plan-fraternal = Fraternal guests
registry-plan-minimum = Minimum seats per organization
registry-plan-method = Apportionment method
registry-plan-shares = Each sector's share (integer weights, e.g. 60)
registry-plan-share = Weight
registry-plan-seats = Seats
registry-plan-save = Save plan
csv-error-unreadable = Line { $line }: cannot be read (an unclosed quote?).
csv-error-empty = Line { $line }: the file has no data rows.
csv-error-column-repeated = Line { $line }: the column “{ $value }” appears twice.
csv-error-column-unknown = Line { $line }: unknown column “{ $value }”.
csv-error-column-missing = Line { $line }: the required column “{ $column }” is missing.
csv-error-too-many-rows = Line { $line }: too many rows; split the file.
csv-error-field-count = Line { $line }: a different number of fields than the header ({ $value }).
csv-error-too-long = Line { $line }: the value of “{ $column }” is too long.
csv-error-required = Line { $line }: “{ $column }” has no value.
csv-error-organization-unknown = Line { $line }: no organization has the short name “{ $value }”.
csv-error-organization-outside = Line { $line }: “{ $value }” is another organization; import it from its own page.
csv-error-duplicate-in-file = Line { $line }: number repeated in the file: { $value }.
csv-error-duplicate-existing = Line { $line }: a member with number { $value } already exists.
csv-error-email = Line { $line }: the e-mail “{ $value }” is not valid.
csv-warning-mis-decoded = Line { $line }, column { $column }: “{ $value }” looks wrongly encoded (was the file not saved as UTF-8?). Check it before confirming.
registry-import-warnings = Some texts look wrongly encoded. You may confirm anyway, but better fix the file (save it as UTF-8) and check it again:
csv-error-short-name = Line { $line }: the short name “{ $value }” is not valid (no spaces or commas, up to 24 characters).
csv-error-short-name-taken = Line { $line }: an organization with the short name “{ $value }” already exists.
csv-error-kind = Line { $line }: unknown kind “{ $value }”.
csv-error-sector-unknown = Line { $line }: unknown sector “{ $value }”.
csv-error-membership = Line { $line }: “{ $value }” is not a number of members (0 to 100,000,000).
csv-error-date = Line { $line }: the date “{ $value }” in “{ $column }” must be YYYY-MM-DD.
csv-error-term-order = Line { $line }: the term ends before it begins.
error-registry-date = Write the date as YYYY-MM-DD.
error-registry-term-order = The term cannot end before it begins.
error-registry-text = Fill in the field (within its maximum length).
error-registry-sector-key = A sector key has 2 to 32 lower-case letters, digits or hyphens.
error-registry-colour = The colour must look like #b71c1c.
error-registry-sector-taken = A sector with that key already exists.
error-registry-short-name = A short name has up to 24 characters, no spaces or commas.
error-registry-short-name-taken = An organization with that short name already exists.
error-registry-kind = Choose the kind of organization.
error-registry-membership = Membership is a whole number from 0 to 100,000,000.
error-registry-sector-unknown = That sector does not exist.
error-registry-parent-unknown = The parent organization or assembly does not exist.
error-registry-parent-cycle = An organization cannot belong to itself or to one of its own members.
error-registry-account-unknown = That account does not exist.
error-registry-import-changed = The file changed since it was checked. Check it again before confirming.
error-registry-email = That e-mail address is not valid.
error-registry-member-number-taken = This organization already has a member with that number.
error-registry-member-is-delegate = This member is a delegate in an assembly and cannot be removed.
error-registry-slug = The address has 3 to 60 lower-case letters, digits or hyphens.
error-registry-slug-taken = An assembly with that address already exists.
error-registry-level = Choose national or departmental.
error-registry-department-required = A departmental assembly needs its department.
error-registry-parent-national = A national assembly does not belong to another.
error-registry-plan-number = Seats and weights are whole numbers (up to 10,000).
error-registry-plan-empty-sector = A sector with a weight has no organizations that can receive seats.
error-registry-plan-minimums = The minimums or fixed seats per organization add up to more seats than a sector has.
error-registry-plan-capacity = A sector has more seats than its organizations can receive (membership zero?).
error-registry-plan-invalid = The seats cannot be shared this way; check the plan.
error-registry-plan-method = Choose an apportionment method.
error-registry-plan-no-shares = Give at least one sector a weight above zero.
error-registry-plan-stale = Someone else changed this plan while you were editing it. The current plan is below; check it and save again.
error-registry-plan-fixed = Fixed seats must name, once each, an organization that can hold seats in this assembly.
registry-plan-fixed = Fixed seats
registry-plan-fixed-help = Organizations whose seats the plan sets itself (by statute), not by membership; leave empty to apportion.
error-text-control = The text may not carry control characters (line breaks, tabs, NUL).
registry-quorum-basis = Quorum counted over
registry-quorum-basis-help = By default, the voting seats of the plan: so a few accredited delegates do not decide for the whole assembly. Votes already closed keep the basis they were counted on.
registry-quorum-basis-save = Save the quorum basis
quorum-basis-plan-seats = the voting seats of the plan
quorum-basis-filled-seats = the seats filled (titulars elected or accredited)
quorum-basis-accredited = the accredited titular delegates
quorum-members-plan-seats = seats in the plan
quorum-members-filled-seats = seats filled
quorum-members-accredited = accredited delegates
# hall2: the assembly's time zone
registry-field-time-zone = Time zone
registry-time-zone-hint = A time zone database name, e.g. America/La_Paz. Times are stored in UTC and shown in this zone. Empty when creating: the parent assembly's, or America/La_Paz.
registry-time-zone-save = Save the time zone
error-registry-time-zone = Not a known time zone: type a name such as America/La_Paz.
## Large imports
error-import-too-large = The file is over 32 MB, the most one import takes: split it into several files (one per union, for example).
registry-import-file = Choose the file
registry-import-file-label = CSV file (up to 250,000 rows and 32 MB)
registry-import-more-rows = { $count ->
    [one] … and 1 more row.
   *[other] … and { $count } more rows.
}
registry-import-more-problems = { $count ->
    [one] … and 1 more problem.
   *[other] … and { $count } more problems.
}
registry-import-not-utf8 = The file is not UTF-8: it stops being readable at line { $line }, byte { $byte }. Save it as "CSV UTF-8" and choose it again.
registry-import-staged-gone = The checked file is no longer on the server (it was imported, or a day passed): check it again.
registry-import-checking = Checking the file…
registry-import-writing = Importing: { $written } of { $total } rows written.
registry-import-refreshes = This page refreshes itself every two seconds.
registry-import-done = { $count ->
    [one] 1 member imported.
   *[other] { $count } members imported.
}
registry-import-problems-now = { $count ->
    [one] Nothing was imported: the file no longer passes the check (1 problem; perhaps someone added members meanwhile).
   *[other] Nothing was imported: the file no longer passes the check ({ $count } problems; perhaps someone added members meanwhile).
}
registry-import-again = Check the file again
registry-import-see-members = See the members
registry-members-find = Find by name or number
registry-members-find-go = Find
registry-members-matching = { $count ->
    [one] 1 member.
   *[other] { $count } members.
}
registry-members-previous = ← Previous
registry-members-next = Next →
## Delegations of departmental assemblies (issue 12)
registry-delegation-of = This organization is the delegation to the national assembly of:
registry-delegation-title = Make this organization the delegation of a departmental assembly
registry-delegation-help = The national assembly's plan will give it seats, filled by an election among the departmental assembly's accredited delegates (who become its members). Only for an organization with no members; it cannot be undone.
registry-delegation-assembly = Departmental assembly
registry-delegation-set = Make it the delegation
registry-import-not-here = This file is not being imported on this server: it was not confirmed, or the import was interrupted (nothing is half written). If another server imports it, reload in a moment; otherwise check the file again and confirm.
