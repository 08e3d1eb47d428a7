# The same comparison as check_manifest.sh on the medium college (30 groups):
# every planted breach found, nothing invented (issue: "the same on medium").
SIZE=medium
. "$TOP/tests/e2e/check_manifest.sh"
