package io.switchboard.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LuaScriptTest {

    @Test
    void shouldReadTheScriptFromTheClasspath() {
        LuaScript script = LuaScript.load("lua/double.lua");

        assertThat(script.text()).isEqualTo("return twice(tonumber(ARGV[1]))\n");
        assertThat(script.name()).isEqualTo("lua/double.lua");
    }

    @Test
    void shouldPrependTheLibrary() {
        LuaScript script = LuaScript.withLibrary("lua/lib/twice.lua", "lua/double.lua");

        assertThat(script.text()).isEqualTo("local function twice(x) return x * 2 end\n\nreturn twice(tonumber(ARGV[1]))\n");
    }

    @Test
    void shouldNameTheScriptByTheSha1OfItsTextAsRedisDoes() {
        // printf 'return twice(tonumber(ARGV[1]))\n' | sha1sum
        assertThat(LuaScript.load("lua/double.lua").sha()).isEqualTo("3575f95f01f07c86cdd47eda0c929f15c7831d75");
    }

    @Test
    void shouldRecogniseRedisAnswerToAnUnknownScript() {
        assertThat(LuaScript.noScript(new RuntimeException("NOSCRIPT No matching script. Please use EVAL."))).isTrue();
        assertThat(LuaScript.noScript(new RuntimeException("WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(LuaScript.noScript(new RuntimeException((String) null))).isFalse();
    }

    @Test
    void shouldNameTheMissingResource() {
        assertThatThrownBy(() -> LuaScript.load("lua/absent.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Lua script lua/absent.lua is not on the classpath");
    }

    @Test
    void shouldNameTheMissingLibrary() {
        assertThatThrownBy(() -> LuaScript.withLibrary("lua/lib/absent.lua", "lua/double.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Lua script lua/lib/absent.lua is not on the classpath");
    }
}
