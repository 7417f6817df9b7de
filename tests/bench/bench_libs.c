// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mpr-bench-libs - a program that does nothing, linked with the shared
 * libraries fence_mpathpr needs (libqb, libdevmapper, libudev and what they
 * pull in).  tests/bench/profile.sh times it beside an empty process and
 * `fence_mpathpr -V`: the difference is what loading those libraries costs
 * at every start, apart from anything the agent itself does.
 */
int main(void)
{
	return 0;
}
